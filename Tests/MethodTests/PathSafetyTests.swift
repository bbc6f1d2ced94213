import Engine
import EngineTestSupport
import Foundation
import Library
import Method
import Testing
import Training

/// No name from a person or a file can make the product write outside its data folder, and a
/// refused name changes nothing: not the folder (nor the one around it), not the library.
@Suite(.serialized) struct PathSafetyTests {
    /// Names that would leave a folder if used as a path component, or are not one plain name.
    static let escaping = ["", ".", "..", "../x", "../../x", "x/../../../y", "/etc/passwd", "/tmp/x", "a\0b", "\0",
                           String(repeating: "k", count: 4096), String(repeating: "../", count: 1400)]
    /// Those that escape even inside a longer path (`concepts/NAME-dreamstyler/x`).
    static let escapingInside = ["../x", "../../x", "x/../../../y", "/etc/passwd", "a\0b", String(repeating: "k", count: 4096),
                                 String(repeating: "../", count: 1400)]
    /// Everything refused as a concept name: the escaping ones and other text no `<name>` can hold.
    static let invalidNames = escaping + ["a/b", "~", " koto", "koto ", "<koto>", "'; DROP TABLE concept;--", "ko\nto", "kötö", "koto+reggae",
                                          String(repeating: "k", count: 65)]

    @Test func dataFolderPathsStayInside() throws {
        let sandbox = Fixtures.temporaryFolder("paths")
        let root = sandbox.appendingPathComponent("data")
        for name in Self.escaping {
            #expect(throws: DataFolder.UnsafePath.self, "\(name.prefix(20).debugDescription)") { try DataFolder.inside(name, root: root) }
            #expect(throws: DataFolder.UnsafePath.self) { try DataFolder.folder("concepts/\(name)", root: root) }
        }
        for name in Self.escapingInside {
            #expect(throws: DataFolder.UnsafePath.self) { try DataFolder.folder("concepts/\(name)-dreamstyler/x", root: root) }
        }
        // Refused before anything is created.
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path).isEmpty)
        let ok = try DataFolder.folder("concepts/koto+reggae-dreamstyler", root: root)
        #expect(ok.path == root.path + "/concepts/koto+reggae-dreamstyler")
        // The message is one line however long or odd the name.
        let e = try #require(throws: DataFolder.UnsafePath.self) { try DataFolder.inside("a\0b\n" + String(repeating: "x", count: 4096), root: root) }
        #expect(!e.description.contains("\n") && e.description.count < 300)
    }

    @Test func everyNameBearingActionRefusesBadNamesAndChangesNothing() throws {
        let box = try LearnSandbox()
        try box.session().run(stop: StopSignal())
        let files = box.snapshot(), rows = try box.rows()
        for name in Self.invalidNames {
            let label = String(name.prefix(20)).debugDescription
            #expect(throws: (any Error).self, "learn \(label)") { try box.session(name).run(stop: StopSignal()) }
            #expect(throws: ConceptLibrary.Failure.invalidName(name), "rename to \(label)") { try ConceptEdits.rename("koto", to: name, library: box.library, dataFolder: box.data) }
            #expect(throws: (any Error).self, "rename \(label)") { try ConceptEdits.rename(name, to: "zither", library: box.library, dataFolder: box.data) }
            #expect(throws: (any Error).self, "remove \(label)") { try ConceptEdits.remove(name, library: box.library, dataFolder: box.data) }
            #expect(throws: ConceptLibrary.Failure.invalidName(name), "lock \(label)") { try box.library.lock([name], for: "learned") }
            #expect(!box.library.isLocked(name))
            // A record naming such a concept, or a delta elsewhere, never sends a delete outside concepts/.
            var run = RunRecord(concepts: [name], method: "dreamstyler", config: "{}", baseHash: "h")
            run.deltaPath = "/etc/passwd"
            let concepts = box.data.appendingPathComponent("concepts").path + "/"
            #expect(ConceptStore.folders(of: run, dataFolder: box.data).allSatisfy { $0.standardizedFileURL.path.hasPrefix(concepts) })
        }
        #expect(box.snapshot() == files)
        #expect(try box.rows() == rows)
    }

    /// The delta learned in `box`, with its concept renamed to `name` in the manifest and the tokens.
    func delta(_ box: LearnSandbox, _ edit: (inout ConceptDelta) -> Void) throws -> URL {
        let path = try #require(try box.library.learnedRun(of: "koto")?.deltaPath)
        var d = try ConceptDelta.read(URL(fileURLWithPath: path))
        edit(&d)
        let url = Fixtures.temporaryFolder("import").appendingPathComponent("edited.delta.safetensors")
        try d.write(to: url)
        return url
    }

    func named(_ names: [String]) -> (inout ConceptDelta) -> Void {
        { d in
            let t = d.tokens["koto"]!
            d.tokens = Dictionary(uniqueKeysWithValues: names.map { ($0, t) })
            d.manifest.concepts = Dictionary(uniqueKeysWithValues: names.map { ($0, .instrument) })
        }
    }

    @Test func importRefusesBadNamesAndBadTensorsBeforeWritingAnything() throws {
        let box = try LearnSandbox()
        try box.session().run(stop: StopSignal())
        let files = box.snapshot(), rows = try box.rows()
        func refused(_ label: String, _ edit: @escaping (inout ConceptDelta) -> Void) throws {
            let url = try delta(box, edit)
            let error = try #require(throws: (any Error).self, "\(label)") { try ConceptEdits.importDelta(url, base: box.base, library: box.library, dataFolder: box.data) }
            #expect(!"\(error)".contains("\n"), "\(label): \(error)")
            #expect(box.snapshot() == files, "\(label) changed the data folder")
            #expect(try box.rows() == rows, "\(label) changed the library")
        }
        for name in Self.invalidNames { try refused("name \(name.prefix(20).debugDescription)", named([name])) }
        // All or nothing: a valid concept beside an invalid or a taken one is not imported either.
        try refused("harp + ../y", named(["harp", "../y"]))
        try refused("harp + koto (taken)", named(["harp", "koto"]))
        try refused("tokens for a concept the manifest does not name") { d in
            self.named(["harp"])(&d)
            d.tokens["other"] = d.tokens["harp"]
        }
        try refused("no tokens for a named concept") { d in
            self.named(["harp"])(&d)
            d.tokens = [:]
        }
        try refused("negative token count") { d in
            self.named(["harp"])(&d)
            d.manifest.tokens = -1
        }
        try refused("negative steps") { d in
            self.named(["harp"])(&d)
            d.manifest.steps = -5
        }
        try refused("tokens of the wrong shape") { d in
            self.named(["harp"])(&d)
            d.tokens["harp"] = Tensor.zeros([2, d.tokens["harp"]!.shape[1]])
        }
        try refused("NaN tokens") { d in
            self.named(["harp"])(&d)
            let t = d.tokens["harp"]!.copy()
            t.data[0] = .nan
            d.tokens["harp"] = t
        }
        try refused("a full tensor of the wrong shape") { d in
            self.named(["harp"])(&d)
            let (name, t) = d.full.first!
            d.full[name] = t.reshaped([t.count])
        }
        try refused("a tensor the base model lacks") { d in
            self.named(["harp"])(&d)
            d.full["no.such.weight"] = d.full.first!.value
        }
        try refused("a pivotal index out of range") { d in
            self.named(["harp"])(&d)
            let (name, e) = d.entries.first!
            d.entries[name] = (e.indices.dropLast() + [10_000_000], e.values)
        }
        try refused("a negative pivotal index") { d in
            self.named(["harp"])(&d)
            let (name, e) = d.entries.first!
            d.entries[name] = ([-1] + e.indices.dropFirst(), e.values)
        }
        try refused("a pivotal index twice") { d in
            self.named(["harp"])(&d)
            let (name, e) = d.entries.first!
            d.entries[name] = ([e.indices[0], e.indices[0]] + e.indices.dropFirst(2), e.values)
        }
        try refused("another base model") { d in
            self.named(["harp"])(&d)
            d.manifest.baseHash = String(repeating: "0", count: 64)
        }
        // The same file with a good name goes in, inside the data folder.
        let good = try delta(box, named(["harp"]))
        #expect(try ConceptEdits.importDelta(good, base: box.base, library: box.library, dataFolder: box.data) == ["harp"])
        let path = try #require(try box.library.learnedRun(of: "harp")?.deltaPath)
        #expect(path == box.data.path + "/concepts/harp-imported/harp.delta.safetensors")
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outer.path) == ["data"])
    }
}
