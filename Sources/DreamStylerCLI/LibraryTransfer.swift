import ArgumentParser
import Audio
import Engine
import Foundation
import Generation
import Library
import Method
import Training

extension DreamStyler {
    struct LibraryExport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a learned concept as one file (its delta with its manifest).")

        @Argument(help: "Concept name.")
        var name: String

        @Option(help: "Output file (.delta.safetensors).")
        var out: String

        func run() throws {
            try reportingErrors {
                let lib = try openLibrary()
                guard try lib.concept(named: name) != nil else { throw ConceptLibrary.Failure.unknown(name, known: try lib.concepts().map(\.name)) }
                guard let run = try lib.learnedRun(of: name), let path = run.deltaPath else {
                    throw ValidationError("<\(name)> has not been learned yet")
                }
                try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: path)), to: URL(fileURLWithPath: out))
                print("exported <\(name)> to \(out)")
            }
        }
    }

    struct LibraryImport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Add concepts from an exported file (refused when made for another base model).")

        @Argument(help: "An exported .delta.safetensors file.")
        var file: String

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        func run() throws {
            try reportingErrors {
                let delta = try ConceptDelta.read(URL(fileURLWithPath: file))
                let base = try BaseModel.locate(model)
                let baseHash = try BaseModel.denoiserHash(folder: base)
                guard delta.manifest.baseHash == baseHash else {
                    throw ConceptDelta.Failure.otherBase(file: file, expected: delta.manifest.baseHash, found: baseHash)
                }
                let lib = try openLibrary()
                let names = delta.manifest.concepts.keys.sorted()
                for n in names where try lib.concept(named: n) != nil { throw ConceptLibrary.Failure.duplicate(n) }
                let folder = try ConceptStore.runFolder(names.joined(separator: "+") + "-imported")
                let dest = folder.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent)
                try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: file)), to: dest)
                for n in names {
                    let kind = delta.manifest.concepts[n]!
                    try lib.addConcept(ConceptRecord(name: n, kind: kind.rawValue, classWord: kind.classWord, tokenCount: delta.manifest.tokens), references: [])
                }
                var run = try lib.startRun(RunRecord(concepts: names, method: delta.manifest.method.rawValue, config: "{\"imported\":\"\(file)\"}", baseHash: baseHash))
                run.status = .learned
                run.step = delta.manifest.steps
                run.deltaPath = dest.path
                run.finishedAt = Date()
                try lib.update(run)
                print("imported \(names.map { "<\($0)>" }.joined(separator: " "))")
            }
        }
    }
}
