import ArgumentParser

extension DreamStyler {
    struct Corpus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the procedural music corpus the base model and the evaluator learn from.",
            discussion: """
            Music written from a seed in 37 styles, rendered with FluidSynth and a General MIDI \
            soundfont, captioned from what was written. The generator's corpus holds out the 20 \
            benchmark concepts (their instruments, their genres and their names); the evaluator's \
            corpus holds everything.
            """,
            subcommands: [CorpusBuild.self, CorpusReal.self])
    }
}
