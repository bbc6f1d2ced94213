import Audio
import Corpus
import Engine
import EngineTestSupport
import Foundation
import Testing

/// Decoding real tracks into clips, with files the test writes itself.
@Suite(.serialized) struct RealCorpusBuilderTests {
    /// A `seconds`-long two-tone stereo recording at `rate`, with a silent stretch in the middle.
    static func writeTrack(_ path: String, seconds: Double, rate: Int, encoding: AudioFile.Encoding) throws {
        let n = Int(seconds * Double(rate))
        let w = try AudioWriter(path: path, sampleRate: rate, channels: 2, encoding: encoding)
        var frames = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let t = Double(i) / Double(rate)
            let quiet = t >= 10 && t < 20  // the second 10 s clip is silence: left out
            let v = quiet ? 0 : Float(0.3 * sin(2 * Double.pi * 440 * t) + 0.2 * sin(2 * Double.pi * 660 * t))
            frames[2 * i] = v
            frames[2 * i + 1] = v
        }
        try w.append(frames)
        try w.finish()
    }

    static func tracks(in folder: URL) throws -> [RealTrack] {
        let a = folder.appendingPathComponent("a.wav").path, b = folder.appendingPathComponent("b.flac").path
        try writeTrack(a, seconds: 25, rate: 44_100, encoding: .wav16)
        try writeTrack(b, seconds: 33, rate: 22_050, encoding: .flac16)
        return try [(a, 25.0), (b, 33.0)].map { path, seconds in
            let sha = try SHA256.hex(fileAt: URL(fileURLWithPath: path))
            return RealTrack(package: "test-music", version: "1", licence: "CC0", path: path, seconds: seconds, sha256: sha, split: .train)
        }
    }

    func contents(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = ["manifest.jsonl": try Data(contentsOf: folder.appendingPathComponent("manifest.jsonl"))]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("clips").path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent("clips/\(name)"))
        }
        return out
    }

    @Test func tracksAreCutIntoClipsAtSixteenKilohertz() throws {
        let source = Fixtures.temporaryFolder("real-src"), out = Fixtures.temporaryFolder("real-out")
        let tracks = try Self.tracks(in: source)
        let result = try RealCorpusBuilder(folder: out, tracks: tracks, settings: .init(split: .train)).build()
        // a: 25 s → 0–10, [10–20 silent, left out], 20–25 → 2 clips; b: 33 s → 0–10, 20–30, [30–33 too short] → 2 clips.
        #expect(result.clips == 4 && result.tracksDone == 2)
        let lines = try String(contentsOf: out.appendingPathComponent("manifest.jsonl"), encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try JSONDecoder().decode(RealClipEntry.self, from: Data($0.utf8)) }
        #expect(entries.map(\.track) == [0, 0, 1, 1] && entries.map(\.clip) == [0, 1, 0, 1])
        #expect(entries.map(\.start) == [0, 20, 0, 20])
        #expect(entries.allSatisfy { $0.caption == "" && $0.package == "test-music" && $0.licence == "CC0" && $0.split == .train })
        let first = try AudioFile.read(out.appendingPathComponent(entries[0].file).path, sampleRate: 16_000)
        #expect(first.info.sampleRate == 16_000 && first.info.channels == 1 && first.info.frames == 160_000)
        #expect(first.clip.rms > 0.1)
        #expect(abs(entries[1].seconds - 5) < 0.01)
        // The pretraining reader takes the folder as it is.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("corpus.json").path))
    }

    @Test func anInterruptedDecodeResumesToTheSameCorpus() throws {
        let source = Fixtures.temporaryFolder("real-src"), whole = Fixtures.temporaryFolder("real-whole"), parts = Fixtures.temporaryFolder("real-parts")
        let tracks = try Self.tracks(in: source)
        try RealCorpusBuilder(folder: whole, tracks: tracks, settings: .init(split: .train)).build()
        let builder = RealCorpusBuilder(folder: parts, tracks: tracks, settings: .init(split: .train))
        #expect(try builder.build(stopAfter: 1).tracksDone == 1)
        // A run killed while writing the second track: half its lines and a stray temporary file.
        let manifest = parts.appendingPathComponent("manifest.jsonl")
        let wholeLines = try String(contentsOf: whole.appendingPathComponent("manifest.jsonl"), encoding: .utf8).split(separator: "\n")
        let handle = try FileHandle(forWritingTo: manifest)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((wholeLines[2] + "\n" + wholeLines[3].prefix(30)).utf8))
        try handle.close()
        try Data([1, 2]).write(to: parts.appendingPathComponent("clips/.00001-000.flac.tmp-1-2"))
        let second = try builder.build()
        #expect(second.resumedFrom == 1 && second.tracksDone == 2 && second.clips == 4)
        #expect(try contents(parts) == contents(whole))
        // Nothing left to do changes nothing.
        try builder.build()
        #expect(try contents(parts) == contents(whole))
    }

    @Test func aChangedFileIsRefused() throws {
        let source = Fixtures.temporaryFolder("real-src"), out = Fixtures.temporaryFolder("real-out")
        var tracks = try Self.tracks(in: source)
        tracks[0].sha256 = String(repeating: "0", count: 64)
        #expect(throws: RealCorpusBuilder.Failure.self) { try RealCorpusBuilder(folder: out, tracks: tracks, settings: .init(split: .train)).build() }
    }

    @Test func piecesAreWholeClipsAndALongEnoughRest() {
        #expect(RealCorpusBuilder.pieces(count: 250, rate: 10, clipSeconds: 10, minimumSeconds: 4.1) == [0..<100, 100..<200, 200..<250])
        #expect(RealCorpusBuilder.pieces(count: 240, rate: 10, clipSeconds: 10, minimumSeconds: 4.1) == [0..<100, 100..<200])
        #expect(RealCorpusBuilder.pieces(count: 30, rate: 10, clipSeconds: 10, minimumSeconds: 4.1).isEmpty)
    }
}
