import CSndFile
import Foundation

/// Reading and writing audio files through libsndfile.
public enum AudioFile {
    /// Frames read per block: long files stream through a buffer of this size.
    static let blockFrames = 65_536

    /// An open libsndfile handle that closes itself.
    final class Handle {
        let file: OpaquePointer
        let info: SF_INFO
        let path: String

        init(path: String) throws(AudioError) {
            self.path = path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { throw .notFound(path: path) }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size == 0 { throw .emptyFile(path: path) }
            if let damage = RIFFChunks.damage(path: path) { throw .unreadable(path: path, reason: damage) }
            var info = SF_INFO()
            guard let f = sf_open(path, Int32(SFM_READ), &info) else {
                throw .unreadable(path: path, reason: String(cString: sf_strerror(nil)).trimmingCharacters(in: .punctuationCharacters))
            }
            file = f
            self.info = info
            if info.samplerate <= 0 || info.samplerate > 1_000_000 {
                sf_close(f)
                throw .unsupportedRate(path: path, rate: Int(info.samplerate))
            }
        }

        deinit { sf_close(file) }

        func describe() -> AudioFileInfo {
            func name(_ command: Int32, _ format: Int32) -> String {
                var fi = SF_FORMAT_INFO()
                fi.format = format
                guard sf_command(nil, command, &fi, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0, let n = fi.name else { return "unknown" }
                return String(cString: n)
            }
            let major = info.format & Int32(SF_FORMAT_TYPEMASK), sub = info.format & Int32(SF_FORMAT_SUBMASK)
            return AudioFileInfo(path: path, format: name(Int32(SFC_GET_FORMAT_INFO), major), encoding: name(Int32(SFC_GET_FORMAT_INFO), sub),
                                 sampleRate: Int(info.samplerate), channels: Int(info.channels), frames: Int(info.frames))
        }
    }

    /// The file's header facts, without reading its audio.
    public static func info(_ path: String) throws(AudioError) -> AudioFileInfo {
        try Handle(path: path).describe()
    }

    /// Streams the file's frames, down-mixed to mono, in blocks; checks that the
    /// whole file could be read. Returns the header facts and the measured levels.
    @discardableResult
    ///
    /// `toleratedMissingFrames`: compressed formats whose header length is an estimate
    /// (Ogg Vorbis' last granule position) may end a few frames short of it; a reader of
    /// such files can accept that many missing frames. Anything more is a truncated file.
    public static func stream(_ path: String, toleratedMissingFrames: Int = 0,
                              _ body: (UnsafeBufferPointer<Float>) throws(AudioError) -> Void) throws(AudioError) -> (AudioFileInfo, AudioLevels) {
        let h = try Handle(path: path)
        let channels = Int(h.info.channels)
        guard h.info.frames > 0 else { throw .noAudio(path: path) }
        var interleaved = [Float](repeating: 0, count: blockFrames * channels)
        var mono = [Float](repeating: 0, count: blockFrames)
        var levels = AudioLevels()
        var sumSquares = 0.0, total = 0
        var runs = [Int](repeating: 0, count: channels)
        while true {
            let n = interleaved.withUnsafeMutableBufferPointer { Int(sf_readf_float(h.file, $0.baseAddress, sf_count_t(blockFrames))) }
            if n <= 0 { break }
            for f in 0..<n {
                var s: Float = 0
                for c in 0..<channels {
                    let v = interleaved[f * channels + c]
                    s += v
                    let a = abs(v)
                    if a > levels.peak { levels.peak = a }
                    sumSquares += Double(v) * Double(v)
                    if a >= 0.999 {
                        runs[c] += 1
                        if runs[c] == 3 { levels.clippedSamples += 3 } else if runs[c] > 3 { levels.clippedSamples += 1 }
                    } else { runs[c] = 0 }
                }
                mono[f] = s / Float(channels)
            }
            total += n
            try mono.withUnsafeBufferPointer { (b: UnsafeBufferPointer<Float>) throws(AudioError) in
                try body(UnsafeBufferPointer(rebasing: b[0..<n]))
            }
        }
        let expected = Int(h.info.frames)
        if total < expected - max(0, toleratedMissingFrames) || sf_error(h.file) != 0 && total == 0 {
            throw .truncated(path: path, expectedFrames: expected, readFrames: total)
        }
        levels.rms = total > 0 ? Float((sumSquares / Double(total * channels)).squareRoot()) : 0
        return (h.describe(), levels)
    }

    /// Reads a whole file as mono at `sampleRate` (down-mixed, then resampled with
    /// libsamplerate's best sinc converter), optionally loudness-normalised.
    public static func read(_ path: String, sampleRate: Int = 16_000, normalization: AudioClip.Normalization = .none,
                            toleratedMissingFrames: Int = 0) throws(AudioError) -> (clip: AudioClip, info: AudioFileInfo, levels: AudioLevels) {
        let header = try info(path)
        var out: [Float] = []
        // The header's frame count is only a claim (a damaged or crafted file may say 2^63): reserve for at most an hour.
        let expected = Double(header.frames) * Double(sampleRate) / Double(max(header.sampleRate, 1))
        out.reserveCapacity(Int(min(max(expected, 0), Double(3600 * sampleRate))) + 1024)
        let resampler = header.sampleRate == sampleRate ? nil : try Resampler(from: header.sampleRate, to: sampleRate)
        // libsamplerate flushes its filter tail only when end-of-input comes with the
        // last data, so each block is held back until the next one shows it was not the last.
        var pending: [Float] = []
        let (fileInfo, levels) = try stream(path, toleratedMissingFrames: toleratedMissingFrames) { (block: UnsafeBufferPointer<Float>) throws(AudioError) in
            guard let r = resampler else { out.append(contentsOf: block); return }
            if !pending.isEmpty {
                try pending.withUnsafeBufferPointer { (p: UnsafeBufferPointer<Float>) throws(AudioError) in try r.process(p, endOfInput: false, into: &out) }
            }
            pending = Array(block)
        }
        if let r = resampler {
            try pending.withUnsafeBufferPointer { (p: UnsafeBufferPointer<Float>) throws(AudioError) in try r.process(p, endOfInput: true, into: &out) }
        }
        let clip = AudioClip(samples: out, sampleRate: sampleRate).normalized(normalization)
        return (clip, fileInfo, levels)
    }
}
