import ArgumentParser
import Foundation
import Library
import Method
import Training

extension DreamStyler {
    struct LibraryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "library",
            abstract: "The concept library: list, show, rename, remove, export and import concepts.",
            discussion: "The library is a SQLite database in the data folder ($DREAMSTYLER_HOME/library.sqlite).",
            subcommands: [LibraryList.self, LibraryShow.self, LibraryRename.self, LibraryRemove.self, LibraryExport.self, LibraryImport.self],
            defaultSubcommand: LibraryList.self)
    }
}

/// The library in the data folder, swept of what killed processes left (runs stuck at
/// "learning", temporary files): every command that opens it starts from a clean state.
func openLibrary() throws -> ConceptLibrary {
    let library = try ConceptLibrary(url: DataFolder.url.appendingPathComponent("library.sqlite"))
    try LeftoverSweep.run(library: library)
    return library
}
