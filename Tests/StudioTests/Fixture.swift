import Foundation
import Studio

/// A studio in the middle of work: three concepts, a learn running, a mask, clips, scores.
enum Fixture {
    static var state: StudioState {
        var s = StudioState()
        _ = s.handle(.library([
            ConceptRow(name: "koto", kind: "instrument", tokens: 3, referenceSeconds: 120, references: ["Samples/koto-train.flac"], method: "dreamstyler", status: "learned", scores: ["AA": 31.4]),
            ConceptRow(name: "reggae", kind: "genre", tokens: 3, referenceSeconds: 120, references: ["Samples/reggae-train.flac"], method: "dreamstyler", status: "learning"),
            ConceptRow(name: "kalimba", kind: "instrument", tokens: 3, referenceSeconds: 95, references: ["k.flac"], method: nil, status: "new"),
        ]))
        _ = s.handle(.themes(["dark", "light", "high-contrast", "monochrome"], current: "dark"))
        _ = s.handle(.learnStarted(concepts: ["reggae"], summary: "1500 steps · batch 32"))
        _ = s.handle(.learnPhase("tuning", totalSteps: 1500))
        for i in 1...60 { _ = s.handle(.learnLog(step: i * 10, loss: 0.3 / Double(i).squareRoot() + 0.01 * Double(i % 3), seconds: Double(i) * 2)) }
        _ = s.handle(.learnSample(path: "/tmp/samples/step-00250.wav", step: 250))
        _ = s.handle(.learnMask(MaskView(histogram: (0..<40).map { 4000 / ($0 + 1) }, maximum: 0.04, threshold: 0.012, percent: 5,
                                         perLayer: [("down.1.attn.0.transformer_blocks.0.attn1.to_v.weight", 812), ("mid.attn.transformer_blocks.0.attn1.to_v.weight", 2301)])))
        var clip = ClipView(path: "/tmp/clips/a.wav", prompt: "a calm evening song with <koto>", seed: 3, concepts: ["koto"], seconds: 8)
        clip.spectrogram = (0..<16).map { b in (0..<64).map { f in Float((b * 7 + f * 3) % 10) / 10 } }
        _ = s.handle(.clipReady(clip))
        _ = s.handle(.clipReady(ClipView(path: "/tmp/clips/b.wav", prompt: "a fast tune with <koto>", seed: 4, concepts: ["koto"], seconds: 8)))
        _ = s.handle(.playback(PlaybackView(path: "/tmp/clips/b.wav", label: "a fast tune with <koto>", position: 3, duration: 8, level: 0.3)))
        _ = s.handle(.alignment(AlignmentView(concepts: ["koto", "reggae"], audioAlignment: ["koto": 33.2, "reggae": 27.9], textAlignment: 21.5,
                                              deltaAudioAlignment: 5.3, samples: "10 prompts × 2 clips")))
        return s
    }

    static func keys(_ s: inout StudioState, _ text: String) -> [StudioEffect] {
        text.flatMap { s.handle(.key(.char($0))) }
    }

    static var themesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")
    }
}
