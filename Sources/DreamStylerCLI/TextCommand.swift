import ArgumentParser

extension DreamStyler {
    struct TextCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "text",
            abstract: "The text encoder: tokenise and encode prompts, measure concept identifiers.",
            discussion: """
            Prompts may name concepts as <name>; each becomes that concept's identifier \
            tokens <name_1> … <name_n>. Concepts are given with --concept NAME=WORD (start \
            from a word's embedding) or --concept NAME (start from the vocabulary mean).
            """,
            subcommands: [TextEncode.self, TextEnhancement.self])
    }
}
