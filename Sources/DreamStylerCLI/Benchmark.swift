import ArgumentParser

extension DreamStyler {
    struct Benchmark: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The 20-concept benchmark of the paper: reference recordings and prompts.",
            subcommands: [BenchmarkBuild.self, BenchmarkRun.self, BenchmarkCeiling.self])
    }
}
