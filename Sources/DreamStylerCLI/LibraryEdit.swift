import ArgumentParser
import Foundation
import Library
import Method
import Training

extension DreamStyler {
    struct LibraryRename: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a concept (its runs follow it).")

        @Argument(help: "Current name.")
        var old: String

        @Argument(help: "New name.")
        var new: String

        func run() throws {
            try reportingErrors {
                // The deltas name their identifier tokens too: they are rewritten with the row, all or nothing.
                try ConceptEdits.rename(old, to: new, library: try openLibrary(), dataFolder: DataFolder.url)
                print("renamed <\(old)> to <\(new)>")
            }
        }
    }

    struct LibraryRemove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a concept, its own runs and their delta files.")

        @Argument(help: "Concept name.")
        var name: String

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() throws {
            try reportingErrors {
                let lib = try openLibrary()
                guard try lib.concept(named: name) != nil else { throw ConceptLibrary.Failure.unknown(name, known: try lib.concepts().map(\.name)) }
                if !yes {
                    print("remove <\(name)> and its learned deltas? [y/N] ", terminator: "")
                    guard readLine()?.lowercased().hasPrefix("y") == true else { print("kept"); return }
                }
                // Each removed run's folder (checkpoints, samples, delta) goes with it, failed runs' too.
                try ConceptEdits.remove(name, library: lib, dataFolder: DataFolder.url)
                print("removed <\(name)>")
            }
        }
    }
}
