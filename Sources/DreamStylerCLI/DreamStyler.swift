import ArgumentParser
import CStdio
import Foundation

@main
struct DreamStyler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dreamstyler",
        abstract: "Teach a text-to-music diffusion model a new musical concept, and hear it.",
        discussion: """
        DreamStyler Studio implements "JEN-1 DreamStyler: Customized Musical Concept \
        Learning via Pivotal Parameters Tuning" on a small base model of its own.
        """,
        subcommands: [StudioCommand.self, Learn.self, Generate.self, Evaluate.self, Recognise.self, LibraryCommand.self, Setup.self, Audio.self, TextCommand.self, Corpus.self, Benchmark.self, Pretrain.self, Bench.self],
        defaultSubcommand: StudioCommand.self)

    /// Line-buffered output, so progress shows up as it happens when it goes to a file or a pipe.
    static func main() async {
        dreamstyler_line_buffer_stdout()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Help and version go out as the parser writes them; every other error is one line
            // (no usage block), like the errors of the commands themselves.
            let code = exitCode(for: error)
            let message = self.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if code == .success || message.isEmpty { exit(withError: error) }
            printError(message.split(separator: "\n").joined(separator: "; ") + " (see --help)")
            Foundation.exit(code.rawValue)
        }
    }
}
