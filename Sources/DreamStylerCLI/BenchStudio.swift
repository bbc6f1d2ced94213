import ArgumentParser
import Bench
import Foundation

extension DreamStyler {
    struct BenchStudio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "studio",
            abstract: "The studio's answer time: a key through the reducer, a whole frame rendered.",
            discussion: """
            On a busy state (30 concepts, a 1,500-step loss curve, a mask, 200 clips with \
            spectrograms): the median time to render every panel to the grid at 80×24, 160×48 and \
            240×70 (the terminal then paints only changed cells), and per key through the reducer. \
            The studio reads keys every 30 ms; these add to that.
            """)

        @Option(parsing: .unconditional, help: "Timed repetitions (the median is reported).")
        var repeats = 50

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() throws {
            var b = StudioBenchmark()
            b.repeats = repeats
            let r = b.run()
            if json { try printJSON(r); return }
            for (size, ms) in r.renderMilliseconds.sorted(by: { $0.value < $1.value }) { print(String(format: "render %@  %.2f ms/frame", size, ms)) }
            print(String(format: "key through the reducer  %.1f µs", r.keyMicroseconds))
        }
    }
}
