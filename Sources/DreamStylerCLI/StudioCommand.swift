import ArgumentParser
import Foundation
import Generation
import Library
import Method
import StudioApp
import Text
import Training

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
              dreamstyler studio --learn-steps 300 --learn-batch 8
            """)

        @OptionGroup var precision: PrecisionOptions

        @Option(help: "Theme: a file name in Themes/ without .toml (dark, light, high-contrast, monochrome).")
        var theme = "dark"

        @Option(parsing: .unconditional, help: "Tuning steps of learns started here (1–100000).")
        var learnSteps = 1500

        @Option(parsing: .unconditional, help: "Batch of learns started here (1–256).")
        var learnBatch = 32

        @Option(parsing: .unconditional, help: "Mask epochs of learns started here (1–10000).")
        var maskEpochs = 100

        @Option(parsing: .unconditional, help: "Validation sample every N tuning steps (0 for none).")
        var sampleEvery = 250

        @Option(help: "Method of learns started here.")
        var method = "dreamstyler"

        @Option(help: "An ALSA configuration file to play through instead of the system's.")
        var audioConfig: String?

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        func validate() throws {
            guard TuningMethod(rawValue: method) != nil else { throw ValidationError("unknown method '\(method)'") }
            try InputChecks.int(learnSteps, "--learn-steps", in: 1...100_000)
            try InputChecks.int(learnBatch, "--learn-batch", in: 1...256)
            try InputChecks.int(maskEpochs, "--mask-epochs", in: 1...10_000)
            try InputChecks.int(sampleEvery, "--sample-every", in: 0...100_000)
            if let a = audioConfig, !FileManager.default.fileExists(atPath: a) { throw ValidationError("\(a): no such ALSA configuration file") }
            guard isatty(0) == 1 && isatty(1) == 1 else {
                throw ValidationError("the studio needs a terminal; for scripts use the subcommands (dreamstyler --help)")
            }
        }

        func run() async throws {
            precision.apply()
            try await reportingErrors {
                let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                var options = StudioOptions(baseFolder: try BaseModel.locate(model), textFolder: TextEncoderFolder.defaultFolder,
                                            dataFolder: DataFolder.url, executable: exe.path)
                try TextEncoderFolder.check(options.textFolder)
                try LeftoverSweep.run(library: try ConceptLibrary(url: options.dataFolder.appendingPathComponent("library.sqlite")), dataFolder: options.dataFolder)
                options.themesFolder = Self.checkout("Themes", exe: exe)
                options.samplesFolder = Self.checkout("Samples", exe: exe)
                options.theme = theme
                options.learn.steps = learnSteps
                options.learn.batch = learnBatch
                options.learn.maskEpochs = maskEpochs
                options.learn.method = TuningMethod(rawValue: method)!
                options.sampleEvery = sampleEvery
                options.audioConfiguration = audioConfig
                try await StudioApp(options: options).run()
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
