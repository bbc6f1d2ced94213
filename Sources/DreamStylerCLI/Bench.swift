import ArgumentParser

extension DreamStyler {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure speed on this machine (benchmarks, not tests).",
            subcommands: [BenchEngine.self, BenchAudio.self, BenchText.self, BenchModel.self, BenchStudio.self],
            defaultSubcommand: BenchEngine.self)
    }
}
