import ArgumentParser
import Bench
import Foundation
import Text

extension DreamStyler {
    struct BenchText: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "text",
            abstract: "The text encoder on a batch of prompts: forward, and forward + backward to identifier tokens.",
            discussion: """
            Builds --batch prompts of exactly --tokens tokens ([CLS] and [SEP] included) from \
            vocabulary words, then times: tokenising them; one forward pass without a graph; \
            forward + backward with the encoder frozen and gradients only for a concept's \
            identifier tokens (the DreamStyler training case); and the same batch again from \
            the cache. GFLOP/s counts GEMM work (2·m·n·k).
            """)

        @Option(parsing: .unconditional, help: "Prompts per batch.")
        var batch = 32

        @Option(parsing: .unconditional, help: "Tokens per prompt, [CLS] and [SEP] included.")
        var tokens = 24

        @Option(parsing: .unconditional, help: "Timed repetitions per measurement (the median is reported).")
        var repeats = 10

        @Flag(help: "Skip measuring the GEMM peak.")
        var noPeak = false

        @Flag(help: "Print the report as JSON.")
        var json = false

        @OptionGroup var encoder: TextEncoderOptions

        func validate() throws {
            try InputChecks.int(batch, "--batch", in: 1...1024)
            guard tokens >= 5 else { throw ValidationError("--tokens must be at least 5 (room for [CLS], 3 identifiers, [SEP])") }
            guard tokens <= encoder.maxLengthBound else { throw ValidationError("--tokens exceeds the maximum prompt length \(encoder.maxLengthBound)") }
            try InputChecks.int(repeats, "--repeats", in: 1...1000)
        }

        func run() throws {
            let text = try encoder.load()
            guard tokens <= text.maxLength else { throw ValidationError("--tokens \(tokens) exceeds the prompt limit of \(text.maxLength) tokens") }
            let r = try TextBenchmark(batch: batch, tokens: tokens, repeats: repeats, measurePeak: !noPeak).run(text)
            if json {
                try printJSON(r)
                return
            }
            print("library   \(r.library)")
            print("model     \(r.model), \(String(format: "%.1f", Double(r.parameters) / 1e6)) M parameters")
            if let p = r.peakGFLOPS { print(String(format: "GEMM peak %.1f GFLOP/s", p)) }
            print("batch     \(r.batch) prompts × \(r.tokens) tokens")
            print("")
            func ofPeak(_ g: Double) -> String { r.peakGFLOPS.map { String(format: "%6.1f%%", 100 * g / $0) } ?? "      -" }
            print("pass                        ms     GFLOP   GFLOP/s  of peak")
            print(String(format: "tokenise              %8.3f         -         -        -", r.tokenizeSeconds * 1e3))
            print(String(format: "forward               %8.2f  %8.2f  %8.1f  ", r.forwardSeconds * 1e3, r.forwardGFLOP, r.forwardGFLOPS) + ofPeak(r.forwardGFLOPS))
            print(String(format: "forward + backward    %8.2f  %8.2f  %8.1f  ", r.trainSeconds * 1e3, r.trainGFLOP, r.trainGFLOPS) + ofPeak(r.trainGFLOPS))
            print(String(format: "from cache (+tokenise)%8.3f         -         -        -", r.cachedSeconds * 1e3))
        }
    }
}
