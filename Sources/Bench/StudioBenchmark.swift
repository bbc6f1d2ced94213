import Foundation
import Studio

/// How long the studio takes to answer: a key through the reducer, and a whole frame
/// rendered to the grid, on a busy state (a 1,500-step loss curve, a mask, 200 clips).
public struct StudioBenchmark {
    public struct Report: Codable, Sendable {
        /// Milliseconds per frame, by terminal size "W×H".
        public var renderMilliseconds: [String: Double]
        /// Microseconds per key through the reducer.
        public var keyMicroseconds: Double
    }

    public var repeats = 50
    public init() {}

    public func run() -> Report {
        var s = StudioState()
        _ = s.handle(.library((0..<30).map { ConceptRow(name: "concept\($0)", kind: $0 % 2 == 0 ? "instrument" : "genre", tokens: 3, referenceSeconds: 120,
                                                       references: [], method: "dreamstyler", status: "learned") }))
        _ = s.handle(.learnStarted(concepts: ["concept1"], summary: ""))
        _ = s.handle(.learnPhase("tuning", totalSteps: 1500))
        var rng = UInt64(1)
        for i in 1...1500 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            _ = s.handle(.learnLog(step: i, loss: 0.2 / Double(i).squareRoot() + Double(rng >> 40) / Double(1 << 24) * 0.05, seconds: Double(i) * 0.2))
        }
        _ = s.handle(.learnMask(MaskView(histogram: (0..<40).map { 9000 / ($0 + 1) }, maximum: 0.05, threshold: 0.02, percent: 5,
                                         perLayer: (0..<8).map { ("layer\($0)", 500 * ($0 + 1)) })))
        for i in 0..<200 {
            var c = ClipView(path: "/clips/\(i).wav", prompt: "a calm evening song with <concept1> number \(i)", seed: UInt64(i), concepts: ["concept1"], seconds: 8)
            c.spectrogram = (0..<16).map { b in (0..<96).map { Float((b + $0 + i) % 10) / 10 } }
            _ = s.handle(.clipReady(c))
        }
        var render: [String: Double] = [:]
        for (w, h) in [(80, 24), (160, 48), (240, 70)] {
            var t = s
            let seconds = Stopwatch.median(repeats: repeats) {
                t.focus = PanelID(rawValue: (t.focus.rawValue + 1) % PanelID.allCases.count)!
                _ = StudioRenderer.render(t, width: w, height: h)
            }
            render["\(w)×\(h)"] = seconds * 1000
        }
        var t = s
        t.focus = .prompt
        let keys: [Key] = Array("a song with <conc".map { Key.char($0) }) + [.tab, .ctrl("u")]
        let perRound = Stopwatch.median(repeats: repeats) { for k in keys { _ = t.handle(.key(k)) } }
        return Report(renderMilliseconds: render, keyMicroseconds: perRound / Double(keys.count) * 1e6)
    }
}
