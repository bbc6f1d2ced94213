import ArgumentParser
import Foundation
import Workspace

extension DreamStyler {
    struct LibraryExport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a learned concept as one file (its delta with its manifest).")

        @Argument(help: "Concept name.")
        var name: String

        @Option(help: "Output file (.delta.safetensors).")
        var out: String

        func run() throws {
            try reportingErrors {
                try openWorkspace().export(name, to: URL(fileURLWithPath: out))
                print("exported <\(name)> to \(out)")
            }
        }
    }

    struct LibraryImport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Add concepts from an exported file (refused when made for another base model).")

        @Argument(help: "An exported .delta.safetensors file.")
        var file: String

        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingErrors {
                let names = try workspace.workspace().importConcepts(from: URL(fileURLWithPath: file))
                print("imported \(names.map { "<\($0)>" }.joined(separator: " "))")
            }
        }
    }
}
