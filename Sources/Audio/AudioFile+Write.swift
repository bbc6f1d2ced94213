import CSndFile
import Engine
import Foundation

/// Text stored in a written file's metadata (WAV INFO chunk, FLAC Vorbis comments).
public struct AudioMetadata: Sendable, Equatable {
    public var title: String?
    public var comment: String?
    public var software: String? = "DreamStyler Studio"

    public init(title: String? = nil, comment: String? = nil) {
        self.title = title
        self.comment = comment
    }

    /// Metadata for a generated clip: the prompt as title, seed and concepts in the comment.
    /// `strength` and `keepPrompt` are written only where they are not the defaults (1, 0).
    public static func generated(prompt: String, seed: UInt64, concepts: [String], strength: Double = 1, keepPrompt: Double = 0) -> AudioMetadata {
        AudioMetadata(title: prompt, comment: "prompt=\(prompt); seed=\(seed); concepts=\(concepts.joined(separator: ","))"
                          + (strength == 1 ? "" : "; strength=\(strength)") + (keepPrompt == 0 ? "" : "; keep-prompt=\(keepPrompt)"))
    }
}

extension AudioFile {
    public enum Encoding: String, Sendable, CaseIterable {
        case wav16, wav24, wavFloat, flac16

        var sndfileFormat: Int32 {
            switch self {
            case .wav16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .wav24: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
            case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            }
        }

        /// The encoding a file name asks for: .flac → FLAC 16-bit, otherwise 16-bit WAV.
        public static func forPath(_ path: String) -> Encoding {
            path.lowercased().hasSuffix(".flac") ? .flac16 : .wav16
        }
    }

    /// Writes a mono clip atomically (temporary file, fsync, rename): a reader sees
    /// the old file or the complete new one. 16-bit encodings clip rather than wrap.
    public static func write(_ clip: AudioClip, to path: String, encoding: Encoding? = nil, metadata: AudioMetadata = AudioMetadata()) throws(AudioError) {
        let w = try AudioWriter(path: path, sampleRate: clip.sampleRate, channels: 1, encoding: encoding, metadata: metadata)
        try w.append(clip.samples)
        try w.finish()
    }

    /// The metadata strings of a file.
    public static func metadata(_ path: String) throws(AudioError) -> AudioMetadata {
        let h = try Handle(path: path)
        func get(_ key: Int32) -> String? { sf_get_string(h.file, key).map { String(cString: $0) } }
        var m = AudioMetadata(title: get(Int32(SF_STR_TITLE)), comment: get(Int32(SF_STR_COMMENT)))
        m.software = get(Int32(SF_STR_SOFTWARE))
        return m
    }
}
