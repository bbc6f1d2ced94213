import ArgumentParser

extension DreamStyler {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure speed on this machine (benchmarks, not tests).",
            subcommands: [BenchEngine.self, BenchText.self],
            defaultSubcommand: BenchEngine.self)
    }
}
