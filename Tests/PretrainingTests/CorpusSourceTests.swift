import EngineTestSupport
import Foundation
import Pretraining
import Testing

/// `--corpus DIR[:WEIGHT]`: parsing and resolving folders of corpora.
@Suite struct CorpusSourceTests {
    @Test func parsesWeights() throws {
        #expect(try CorpusSource.parse("corpus/real/train:2") == ("corpus/real/train", 2))
        #expect(try CorpusSource.parse("corpus/gm:0.5") == ("corpus/gm", 0.5))
        #expect(try CorpusSource.parse("corpus/generator") == ("corpus/generator", 1))
        // A colon inside a path is not a weight.
        #expect(try CorpusSource.parse("/mnt/a:b/corpus") == ("/mnt/a:b/corpus", 1))
        #expect(throws: CorpusSource.Failure.self) { try CorpusSource.parse("corpus:0") }
        #expect(throws: CorpusSource.Failure.self) { try CorpusSource.parse("corpus:-1") }
        #expect(throws: CorpusSource.Failure.self) { try CorpusSource.parse("corpus:1x") }
    }

    @Test func resolvesCorpusAndFolderOfCorpora() throws {
        let root = Fixtures.temporaryFolder("sources")
        for name in ["b", "a", ".cache"] {
            let f = root.appendingPathComponent("gm/\(name)")
            try FileManager.default.createDirectory(at: f, withIntermediateDirectories: true)
            if name != ".cache" { try Data("{\"file\":\"x.flac\",\"caption\":\"\"}\n".utf8).write(to: f.appendingPathComponent("manifest.jsonl")) }
        }
        let one = try CorpusSource.resolve(root.appendingPathComponent("gm/a").path + ":3")
        #expect(one.folders.map(\.lastPathComponent) == ["a"] && one.weight == 3)
        let many = try CorpusSource.resolve(root.appendingPathComponent("gm").path)
        #expect(many.name.hasSuffix("/gm") && many.folders.map(\.lastPathComponent) == ["a", "b"] && many.weight == 1)
        #expect(throws: CorpusSource.Failure.self) { try CorpusSource.resolve(root.path) }
    }
}
