import Audio
import Foundation

extension FuzzTarget {
    /// libsndfile through `AudioFile`: the header facts, the tags, and the whole file read as mono at
    /// 16 kHz (down-mixed and resampled), as `learn`, `evaluate` and `audio info` read a user's file.
    static let audio = FuzzTarget(name: "audio", run: { data in
        let path = scratchFile(".audio")
        guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
        _ = try? AudioFile.info(path)
        _ = try? AudioFile.metadata(path)
        _ = try? AudioFile.read(path, sampleRate: 16_000, normalization: .none, toleratedMissingFrames: 64)
    }, seeds: {
        var out: [String: Data] = [:]
        let tone = (0..<400).map { 0.5 * Float(sin(Double($0) * 0.3)) }
        for (encoding, rate) in [(AudioFile.Encoding.wav16, 8_000), (.wav24, 16_000), (.wavFloat, 22_050), (.flac16, 16_000)] {
            let path = scratchFile("-seed.\(encoding == .flac16 ? "flac" : "wav")")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try AudioFile.write(AudioClip(samples: tone, sampleRate: rate), to: path, encoding: encoding,
                                metadata: AudioMetadata(title: "seed", comment: "fuzz"))
            out["tone-\(encoding.rawValue)-\(rate).\(encoding == .flac16 ? "flac" : "wav")"] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return out
    })
}
