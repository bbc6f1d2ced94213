import CSndFile
import Engine
import Foundation

/// Writes audio in blocks to a temporary file beside the target and renames it
/// into place on `finish()`: long recordings never sit whole in memory, and an
/// interrupted write leaves neither a partial file nor a stray temporary one.
public final class AudioWriter {
    public let path: String
    public let channels: Int
    public let sampleRate: Int
    private let tmp: URL
    private var file: OpaquePointer?
    public private(set) var framesWritten = 0

    public init(path: String, sampleRate: Int, channels: Int = 1, encoding: AudioFile.Encoding? = nil,
                metadata: AudioMetadata = AudioMetadata()) throws(AudioError) {
        self.path = path
        self.channels = channels
        self.sampleRate = sampleRate
        tmp = AtomicFile.temporaryURL(for: URL(fileURLWithPath: path))
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = (encoding ?? .forPath(path)).sndfileFormat
        guard let f = sf_open(tmp.path, Int32(SFM_WRITE), &info) else {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let reason = FileManager.default.fileExists(atPath: dir) ? String(cString: sf_strerror(nil)) : "no folder \(dir)"
            // libsndfile creates the file before it fails to write the header (a full disk): take it away.
            unlink(tmp.path)
            throw .writeFailed(path: path, reason: reason.contains("No space left") ? "the disk is full" : reason)
        }
        file = f
        // Out-of-range floats clip at full scale instead of wrapping around.
        sf_command(f, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        if let t = metadata.title { sf_set_string(f, Int32(SF_STR_TITLE), t) }
        if let c = metadata.comment { sf_set_string(f, Int32(SF_STR_COMMENT), c) }
        if let s = metadata.software { sf_set_string(f, Int32(SF_STR_SOFTWARE), s) }
    }

    deinit {
        if let f = file {
            sf_close(f)
            unlink(tmp.path)
        }
    }

    /// Appends interleaved frames.
    public func append(_ interleaved: UnsafeBufferPointer<Float>) throws(AudioError) {
        guard let f = file else { throw .writeFailed(path: path, reason: "the writer is already finished") }
        let frames = interleaved.count / channels
        let n = sf_writef_float(f, interleaved.baseAddress, sf_count_t(frames))
        guard n == frames else {
            let reason = errno == ENOSPC ? "the disk is full" : String(cString: sf_strerror(f))
            abandon()
            throw .writeFailed(path: path, reason: reason)
        }
        framesWritten += frames
    }

    public func append(_ interleaved: [Float]) throws(AudioError) {
        try interleaved.withUnsafeBufferPointer { (b: UnsafeBufferPointer<Float>) throws(AudioError) in try append(b) }
    }

    /// Closes the file and moves it into place.
    public func finish() throws(AudioError) {
        guard let f = file else { throw .writeFailed(path: path, reason: "the writer is already finished") }
        file = nil
        guard sf_close(f) == 0 else {
            unlink(tmp.path)
            throw .writeFailed(path: path, reason: "closing failed")
        }
        do { try AtomicFile.commit(tmp, to: URL(fileURLWithPath: path)) } catch { throw .writeFailed(path: path, reason: error.description) }
    }

    /// Drops everything written so far; the target is untouched.
    public func abandon() {
        if let f = file { sf_close(f); file = nil }
        unlink(tmp.path)
    }
}
