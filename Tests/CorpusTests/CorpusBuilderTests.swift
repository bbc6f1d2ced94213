import Corpus
import EngineTestSupport
import Foundation
import Testing

@Suite(.serialized) struct CorpusBuilderTests {
    func files(_ folder: URL) throws -> [String: Data] {
        let clips = folder.appendingPathComponent("clips")
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: clips.path) {
            out[name] = try Data(contentsOf: clips.appendingPathComponent(name))
        }
        out["manifest.jsonl"] = try Data(contentsOf: folder.appendingPathComponent("manifest.jsonl"))
        return out
    }

    @Test func anInterruptedBuildResumesToTheSameCorpus() throws {
        let settings = CorpusBuilder.Settings(kind: .generator, seed: 11)
        let whole = Fixtures.temporaryFolder("corpus-whole"), parts = Fixtures.temporaryFolder("corpus-parts")
        defer { try? FileManager.default.removeItem(at: whole); try? FileManager.default.removeItem(at: parts) }
        let done = try CorpusBuilder(folder: whole, settings: settings).build(clipCount: 5)
        #expect(done.done == 5 && done.audioSeconds > 40)

        let builder = CorpusBuilder(folder: parts, settings: settings)
        let first = try builder.build(clipCount: 5, stopAfter: 2)
        #expect(first.done == 2)
        // A run killed mid-write: a torn manifest line and a stray temporary file.
        let manifest = parts.appendingPathComponent("manifest.jsonl")
        let handle = try FileHandle(forWritingTo: manifest)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"caption\":\"half a li".utf8))
        try handle.close()
        try Data([1, 2, 3]).write(to: parts.appendingPathComponent("clips/.000002.flac.tmp-1-2"))
        let second = try builder.build(clipCount: 5)
        #expect(second.resumedFrom == 2 && second.done == 5)

        #expect(try files(parts) == files(whole))
        // Each line is a clip in order, and its audio is there.
        let lines = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        for (i, line) in lines.enumerated() {
            let entry = try JSONDecoder().decode(ManifestEntry.self, from: Data(line.utf8))
            #expect(entry.index == i && (8...12).contains(entry.seconds))
            #expect(FileManager.default.fileExists(atPath: parts.appendingPathComponent(entry.file).path))
            #expect(HoldOut.conceptNamed(in: entry.caption) == nil)
        }
        // Running again with nothing left to do changes nothing.
        #expect(try builder.build(clipCount: 5).done == 5)
        #expect(try files(parts) == files(whole))
    }

    @Test func anotherSeedCannotContinueACorpus() throws {
        let folder = Fixtures.temporaryFolder("corpus-seed")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CorpusBuilder(folder: folder, settings: .init(kind: .generator, seed: 1)).build(clipCount: 1)
        #expect(throws: CorpusBuilder.Failure.self) {
            try CorpusBuilder(folder: folder, settings: .init(kind: .generator, seed: 2)).build(clipCount: 2)
        }
    }

    @Test func hoursBecomeClipCountsFromTheClipLengths() {
        let n = ClipSpec.count(hours: 0.1, corpusSeed: 3, kind: .generator)
        let total = (0..<n).reduce(0.0) { $0 + ClipSpec(index: $1, corpusSeed: 3, kind: .generator).seconds }
        #expect(total >= 360 && total - ClipSpec(index: n - 1, corpusSeed: 3, kind: .generator).seconds < 360)
        #expect((30...45).contains(n))
    }
}
