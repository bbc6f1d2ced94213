import ArgumentParser
import Bench
import Foundation
import Generation
import Workspace

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

            --generations N also times what Enter on a prompt starts: the studio's generate job is \
            one `Workspace.generate` call (load the base model and text encoder unless loaded, \
            sample, vocode, write and record the clip). N calls in a row on one workspace, each a \
            10-s clip, in a temporary data folder; the first loads the models, the others reuse them.
            """)

        @OptionGroup var workspace: WorkspaceOptions

        @Option(parsing: .unconditional, help: "Also time this many generations in a row through one workspace (0: none).")
        var generations = 0

        @Option(parsing: .unconditional, help: "Timed repetitions (the median is reported).")
        var repeats = 50

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() throws {
            var b = StudioBenchmark()
            b.repeats = repeats
            let r = b.run()
            if generations > 0 { try timeGenerations() }
            if json { try printJSON(r); return }
            for (size, ms) in r.renderMilliseconds.sorted(by: { $0.value < $1.value }) { print(String(format: "render %@  %.2f ms/frame", size, ms)) }
            print(String(format: "key through the reducer  %.1f µs", r.keyMicroseconds))
        }

        /// Enter → clip written, first and later generations of one workspace.
        func timeGenerations() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dreamstyler-bench-\(ProcessInfo.processInfo.processIdentifier)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let model = workspace.model
            let ws = try Workspace(dataFolder: folder, baseFolder: { try BaseModel.locate(model) }, textFolder: workspace.textFolder)
            for i in 0..<generations {
                let start = Date()
                _ = try ws.generate(["a calm piano melody with soft strings"], seeds: [UInt64(i + 1)]) { _ in true }
                print(String(format: "generation %d (10-s clip, %@): %.2f s from the call to the clip recorded", i + 1,
                             i == 0 ? "loads the models" : "models loaded", Date().timeIntervalSince(start)))
            }
        }
    }
}
