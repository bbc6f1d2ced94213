import Foundation
import GRDB
import Testing

/// The command line's actions go through the workspace as the studio's do: a generated clip is
/// recorded in the library, a renamed concept generates under its new name, a removed one leaves
/// the listing.
@Suite(.serialized) struct WorkspaceActionsTests {
    /// The clips the library records: (path, concepts).
    func clips(_ cli: Dreamstyler) throws -> [(path: String, concepts: String)] {
        let db = try DatabaseQueue(path: cli.home.appendingPathComponent("library.sqlite").path)
        return try db.read { d in try Row.fetchAll(d, sql: "SELECT path, concepts FROM clip").map { ($0["path"], $0["concepts"]) } }
    }

    @Test func renameGenerateRemoveList() throws {
        let cli = try Dreamstyler()
        try #require(FileManager.default.isExecutableFile(atPath: Dreamstyler.binary), "build first: swift build -c release")
        let learned = try cli.run(["learn", "koto", "Samples/koto-train.flac", "--kind", "instrument", "--steps", "4", "--batch", "2",
                                   "--mask-epochs", "1", "--sample-every", "0"])
        try #require(learned.status == 0, "the learn failed: \(learned.stderr)")

        let renamed = try cli.run(["library", "rename", "koto", "zither"])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        let out = cli.outer.appendingPathComponent("zither.wav").path
        let made = try cli.run(["generate", "a calm song with <zither>", "--seconds", "1", "--steps", "2", "--out", out])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
        let recorded = try clips(cli)
        #expect(recorded.map(\.path) == [out] && recorded.map(\.concepts) == ["zither"], "\(recorded)")

        let old = try cli.run(["generate", "a calm song with <koto>", "--seconds", "1", "--steps", "2", "--out", out])
        #expect(old.status == 1 && old.stderrLines == ["dreamstyler: <koto> has not been learned yet"], "\(old.stderr)")

        #expect(try cli.run(["library", "remove", "zither", "--yes"]).status == 0)
        let list = try cli.run(["library", "list"])
        #expect(list.status == 0 && list.stdout.contains("the library is empty"), "\(list.stdout)")
    }
}
