import Corpus
import Engine
import Foundation
import Testing

/// The real-music manifest: parsing, the held-out split, the reserved packages.
struct RealManifestTests {
    static let header = RealMusicManifest.columns.joined(separator: "\t")

    /// A SHA-256-shaped string for track `n`.
    static func sha(_ n: Int) -> String { SHA256.hex(Data("track \(n)".utf8)) }

    static func row(_ package: String, _ path: String, _ sha: String, split: HeldOutSplit.Side? = nil) -> String {
        [package, "1.0-1", "GPL-2+", path, "61.250", sha, (split ?? HeldOutSplit.side(sha256: sha)).rawValue].joined(separator: "\t")
    }

    @Test func aManifestParsesIntoTracks() throws {
        let tsv = [Self.header, Self.row("ufoai-music", "unpacked/ufoai-music/music/a.ogg", Self.sha(1)),
                   Self.row("asc-music", "/usr/share/games/asc/music/b.ogg", Self.sha(2))].joined(separator: "\n") + "\n"
        let m = try RealMusicManifest(tsv: tsv, reserved: Self.reserved)
        #expect(m.tracks.count == 2)
        #expect(m.tracks[0].package == "ufoai-music" && m.tracks[0].seconds == 61.25 && m.tracks[0].licence == "GPL-2+")
        #expect(m.tracks[1].path == "/usr/share/games/asc/music/b.ogg" && m.tracks[1].sha256 == Self.sha(2))
        // Relative paths are archive members unpacked into the data folder.
        let resolved = m.resolved(against: URL(fileURLWithPath: "/data/corpus-v2"))
        #expect(resolved.tracks[0].path == "/data/corpus-v2/unpacked/ufoai-music/music/a.ogg")
        #expect(resolved.tracks[1].path == "/usr/share/games/asc/music/b.ogg")
    }

    @Test func damagedManifestsAreRefusedWithTheLine() {
        let good = Self.row("asc-music", "/x/a.ogg", Self.sha(3))
        #expect(throws: RealMusicManifest.Failure.header("package\tpath")) { try RealMusicManifest(tsv: "package\tpath\n" + good, reserved: Self.reserved) }
        #expect(throws: RealMusicManifest.Failure.self) { try RealMusicManifest(tsv: Self.header + "\nasc-music\t1.0\n", reserved: Self.reserved) }
        #expect(throws: RealMusicManifest.Failure.empty) { try RealMusicManifest(tsv: Self.header + "\n", reserved: Self.reserved) }
        let badSha = good.replacingOccurrences(of: Self.sha(3), with: "xyz")
        #expect(throws: RealMusicManifest.Failure.self) { try RealMusicManifest(tsv: Self.header + "\n" + badSha, reserved: Self.reserved) }
        // A split column that disagrees with the rule is refused: the split is never edited by hand.
        let flipped = Self.row("asc-music", "/x/a.ogg", Self.sha(3), split: HeldOutSplit.side(sha256: Self.sha(3)) == .train ? .heldout : .train)
        #expect(throws: RealMusicManifest.Failure.splitDiffers(line: 2, path: "/x/a.ogg",
                                                             expected: HeldOutSplit.side(sha256: Self.sha(3)).rawValue)) {
            try RealMusicManifest(tsv: Self.header + "\n" + flipped, reserved: Self.reserved)
        }
    }

    @Test func theSplitIsDeterministicSeededAndAboutATenth() {
        let shas = (0..<4000).map(Self.sha)
        let sides = shas.map { HeldOutSplit.side(sha256: $0) }
        #expect(sides == shas.map { HeldOutSplit.side(sha256: $0) }, "the same track always goes to the same side")
        #expect(sides == shas.map { HeldOutSplit.side(sha256: $0.uppercased()) })
        let held = sides.filter { $0 == .heldout }.count
        #expect((340...460).contains(held), "about 10 % held out, got \(held) of 4000")
        // Another seed gives another split of the same tracks.
        #expect(shas.map { HeldOutSplit.side(sha256: $0, seed: 2) } != sides)
    }

    @Test func wholeTracksAreHeldOutAndDuplicatesCountOnce() throws {
        // The same recording under two packages' paths: one side, listed once per side.
        let shas = (10..<60).map(Self.sha)
        var rows = [Self.header]
        for (i, sha) in shas.enumerated() { rows.append(Self.row("pkg\(i % 3)", "/music/\(i).ogg", sha)) }
        rows.append(Self.row("other", "/copy/of/0.ogg", shas[0]))
        let m = try RealMusicManifest(tsv: rows.joined(separator: "\n"), reserved: Self.reserved)
        let train = m.tracks(.train), held = m.tracks(.heldout)
        #expect(train.count + held.count == shas.count)
        #expect(Set(train.map(\.sha256)).isDisjoint(with: held.map(\.sha256)))
        #expect(!held.isEmpty && !train.isEmpty)
        // Adding tracks moves none of the others: a track's side depends on its own content only.
        let fewer = try RealMusicManifest(tsv: rows.prefix(20).joined(separator: "\n"), reserved: Self.reserved)
        for t in fewer.tracks { #expect(m.tracks.first { $0.sha256 == t.sha256 }?.split == t.split) }
    }

    /// The committed reserved list (Models/corpus-v2/reserved.txt).
    static var reserved: ReservedPackages {
        get throws { try ReservedPackages(beside: repository.appendingPathComponent("Models/corpus-v2/manifest.tsv")) }
    }

    /// Names the list must refuse, made from its own patterns (every version and variant), so
    /// that no reserved name is written in the tests.
    static var reservedExamples: [String] {
        get throws {
            try reserved.packages.flatMap { p in
                p.contains("*") ? [p.replacingOccurrences(of: "*", with: "-1.16"), p.replacingOccurrences(of: "*", with: "")] : [p, p.uppercased()]
            }
        }
    }

    @Test func reservedPackagesAreRefused() throws {
        let list = try Self.reserved
        #expect(list.packages.count >= 5 && !list.pathFragments.isEmpty)
        for name in try Self.reservedExamples { #expect(list.isReserved(name), "\(name)") }
        for name in ["ufoai-music", "fluid-soundfont-gm", "fluid-soundfont-gs", "hedgewars-data", "freedroidrpg-data"] {
            #expect(!list.isReserved(name), "\(name)")
        }
        let sha = Self.sha(7)
        let package = try Self.reservedExamples[0]
        #expect(throws: RealMusicManifest.Failure.reserved(line: 2, package: package)) {
            try RealMusicManifest(tsv: Self.header + "\n" + Self.row(package, "/usr/share/x.ogg", sha), reserved: list)
        }
        for fragment in list.pathFragments {
            #expect(throws: RealMusicManifest.Failure.reserved(line: 2, package: "other")) {
                try RealMusicManifest(tsv: Self.header + "\n" + Self.row("other", "/usr/share/games\(fragment)/a.ogg", sha), reserved: list)
            }
        }
        // Without the list nothing is accepted.
        #expect(throws: ReservedPackages.Failure.self) { try ReservedPackages(beside: URL(fileURLWithPath: "/nonexistent/manifest.tsv")) }
        #expect(throws: ReservedPackages.Failure.self) { try ReservedPackages(text: "# nothing\n") }
    }

    /// The repository root, from this file's place in it.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func theScriptsGuardRefusesTheSameNames() throws {
        // Only the guard runs (`check-package`): no apt, no network.
        func run(_ name: String) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = [Self.repository.appendingPathComponent("Scripts/corpus-v2").path, "check-package", name]
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        for name in try Self.reservedExamples {
            #expect(try run(name) == 3, "\(name)")
        }
        #expect(try run("ufoai-music") == 0)
    }

    @Test func theCommittedManifestFollowsTheRules() throws {
        let url = Self.repository.appendingPathComponent("Models/corpus-v2/manifest.tsv")
        let m = try RealMusicManifest(contentsOf: url)
        #expect(m.tracks.count > 100)
        #expect(Set(m.tracks.map(\.sha256)).count == m.tracks.count, "each recording once")
        let list = try Self.reserved
        #expect(!m.tracks.contains { list.isReserved($0.package) || list.isReservedPath($0.path) })
        #expect(m.tracks.allSatisfy { !$0.licence.isEmpty && !$0.version.isEmpty })
        let held = m.tracks(.heldout).reduce(0) { $0 + $1.seconds }, all = m.tracks.reduce(0) { $0 + $1.seconds }
        #expect(held > 0.04 * all && held < 0.2 * all)
    }
}
