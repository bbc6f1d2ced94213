import ArgumentParser
import Foundation
import StudioApp
import Text
import Workspace

extension DreamStyler {
    struct StudioCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "studio",
            abstract: "The terminal studio: learn concepts, watch the loss and the mask, write prompts, listen (the default).",
            discussion: """
            Six panels — Concepts, Training, Mask variation, Prompt, Audition, Alignment — all at \
            once from 140×40, one at a time under a tab bar below that (at least 60×16). Tab moves \
            between them, ? lists every key, t changes the theme, q quits (a running learn is \
            either finished in the background or stopped, resumable). Without a sound card, \
            playback says so in the status line; --audio-config plays through an ALSA configuration \
            of your own (e.g. a file sink).

            Examples:
              dreamstyler
              dreamstyler studio --theme monochrome
              dreamstyler studio --steps 300 --batch 8
            """)

        @OptionGroup var precision: PrecisionOptions
        @OptionGroup var workspace: WorkspaceOptions

        @Option(help: "Theme: a file name in Themes/ without .toml (dark, light, high-contrast, monochrome).")
        var theme = "dark"

        @Option(help: "An ALSA configuration file to play through instead of the system's.")
        var audioConfig: String?

        @OptionGroup(title: "Learns started here") var method: MethodOptions
        @OptionGroup(title: "Learns started here") var training: TrainingOptions
        @OptionGroup(title: "Learns started here") var samples: SampleOptions

        func validate() throws {
            if let a = audioConfig, !FileManager.default.fileExists(atPath: a) { throw ValidationError("\(a): no such ALSA configuration file") }
            guard isatty(0) == 1 && isatty(1) == 1 else {
                throw ValidationError("the studio needs a terminal; for scripts use the subcommands (dreamstyler --help)")
            }
        }

        func run() async throws {
            precision.apply()
            try await reportingErrors {
                let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                let workspace = try self.workspace.workspace()
                _ = try workspace.baseFolder()
                try TextEncoderFolder.check(workspace.textFolder)
                var options = StudioOptions(executable: exe.path)
                options.themesFolder = Self.checkout("Themes", exe: exe)
                options.samplesFolder = Self.checkout("Samples", exe: exe)
                options.theme = theme
                training.apply(to: &options.learn)
                method.apply(to: &options.learn)
                options.sampleEvery = samples.sampleEvery
                options.audioConfiguration = audioConfig
                try await StudioApp(workspace: workspace, options: options).run()
            }
        }

        /// ./NAME, else the checkout's NAME next to .build/release.
        static func checkout(_ name: String, exe: URL) -> URL? {
            let places = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name),
                          exe.deletingLastPathComponent().appendingPathComponent("../../\(name)").standardized]
            return places.first { FileManager.default.fileExists(atPath: $0.path) }
        }
    }
}
