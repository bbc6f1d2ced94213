import Audio
import EngineTestSupport
import Foundation
import Generation
import Library
import Method
import ModelTestSupport
import TextTestSupport
import Training

/// A data folder of its own inside an outer folder (so a test can see a write that escapes it),
/// with a tiny base model, a library and a reference tone: what the path-safety and
/// concurrency tests learn, import and edit in.
struct LearnSandbox {
    /// The folder around the data folder; nothing may appear here but `data`.
    let outer: URL
    let data: URL
    let library: ConceptLibrary
    let base: BaseModel
    let tone: String

    init() throws {
        outer = Fixtures.temporaryFolder("sandbox")
        data = outer.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        library = try ConceptLibrary(url: data.appendingPathComponent("library.sqlite"))
        base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("sandbox-base")))
        let samples = (0..<(11 * 16_000)).map { i in 0.3 * Float(sin(2 * .pi * 330 * Double(i) / 16_000)) }
        tone = Fixtures.temporaryFolder("sandbox-audio").appendingPathComponent("tone.wav").path
        try AudioFile.write(AudioClip(samples: samples, sampleRate: 16_000), to: tone)
    }

    /// A short learn of `name` (a loss logged every 10 steps, checkpoints every 10) with runs under the data folder's `concepts/`.
    func session(_ name: String = "koto", steps: Int = 20, resume: Bool = false) throws -> LearnSession {
        var o = LearnOptions()
        o.maskEpochs = 1; o.steps = steps; o.batch = 2; o.frames = 8; o.checkpointEvery = 10
        let s = try LearnSession(specs: [.init(name: name, kind: .instrument, files: [tone])], options: o, base: base,
                                 text: try TinyBert.encoder(), library: library, resume: resume)
        s.runsRoot = data.appendingPathComponent("concepts")
        s.sampleEvery = 0
        return s
    }

    /// Every path under `folder` with its size and a digest of the contents, lock files left out:
    /// they are bookkeeping whose contents say who held them last.
    func snapshot(_ folder: URL? = nil) -> [String: String] {
        let root = folder ?? outer
        var out: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return out }
        while let rel = walker.nextObject() as? String {
            let path = root.appendingPathComponent(rel).path
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            // Lock files are bookkeeping (a rename creates the new name's): left out.
            if rel.hasPrefix("data/locks/") || rel.hasPrefix("locks/") { continue }
            if isDirectory.boolValue || rel.hasSuffix("-wal") || rel.hasSuffix("-shm") {
                out[rel] = "-"
                continue
            }
            let bytes = FileManager.default.contents(atPath: path) ?? Data()
            out[rel] = "\(bytes.count):\(bytes.reduce(into: UInt64(1469598103934665603)) { $0 = ($0 ^ UInt64($1)) &* 1099511628211 })"
        }
        return out
    }

    /// The library's rows, as text, to compare before and after an action that must change nothing.
    func rows() throws -> String {
        let concepts = try library.concepts().map { "\($0.name) \($0.kind) \($0.tokenCount)" }
        let runs = try library.runs().map { "\($0.id!) \($0.concepts) \($0.status.rawValue) \($0.step) \($0.deltaPath ?? "-")" }
        return (concepts + runs).joined(separator: "\n")
    }
}
