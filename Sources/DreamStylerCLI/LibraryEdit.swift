import ArgumentParser
import Foundation
import Library
import Workspace

extension DreamStyler {
    struct LibraryRename: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a concept (its runs follow it).")

        @Argument(help: "Current name.")
        var old: String

        @Argument(help: "New name.")
        var new: String

        func run() throws {
            try reportingErrors {
                try openWorkspace().rename(old, to: new)
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
                let workspace = try openWorkspace()
                let lib = workspace.library
                guard try lib.concept(named: name) != nil else { throw ConceptLibrary.Failure.unknown(name, known: try lib.concepts().map(\.name)) }
                if !yes {
                    print("remove <\(name)> and its learned deltas? [y/N] ", terminator: "")
                    guard readLine()?.lowercased().hasPrefix("y") == true else { print("kept"); return }
                }
                try workspace.remove(name)
                print("removed <\(name)>")
            }
        }
    }
}
