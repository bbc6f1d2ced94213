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
                // Checked completely before the library is even opened: a bad file changes nothing.
                let url = URL(fileURLWithPath: file)
                let base = try BaseModel(folder: try BaseModel.locate(model))
                let delta = try ConceptEdits.checked(url, base: base)
                let names = try ConceptEdits.importDelta(delta, from: url, baseHash: try base.denoiserHash(), library: try openLibrary(), dataFolder: DataFolder.url)
                print("imported \(names.map { "<\($0)>" }.joined(separator: " "))")
            }
        }
    }
}
