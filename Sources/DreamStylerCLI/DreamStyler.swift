import ArgumentParser

@main
struct DreamStyler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dreamstyler",
        abstract: "Teach a text-to-music diffusion model a new musical concept, and hear it.",
        discussion: """
        DreamStyler Studio implements "JEN-1 DreamStyler: Customized Musical Concept \
        Learning via Pivotal Parameters Tuning" on a small base model of its own.
        """,
        subcommands: [Generate.self, Setup.self, Audio.self, TextCommand.self, Corpus.self, Benchmark.self, Pretrain.self, Bench.self])
}
