import ArgumentParser

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
