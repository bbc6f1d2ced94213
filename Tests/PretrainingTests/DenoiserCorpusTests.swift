import Engine
import Pretraining
import Testing

struct DenoiserCorpusTests {
    /// Three clips of constant latent value (their index + 1), two sources.
    func corpus(weights: [Double], split: Int = 1) -> DenoiserCorpus {
        let lengths = [10, 12, 20]
        var values: [Float] = []
        for (i, n) in lengths.enumerated() { values += [Float](repeating: Float(i + 1), count: n * 2) }
        var offsets = [0]
        for n in lengths { offsets.append(offsets.last! + n) }
        let latents = MelCache(frames: Tensor(values, shape: [offsets.last!, 2]), offsets: offsets)
        let sources = weights.count == 1
            ? [DenoiserCorpus.Source(name: "a", weight: weights[0], clips: 0..<3, dropped: 0, blanked: 0)]
            : [DenoiserCorpus.Source(name: "a", weight: weights[0], clips: 0..<split, dropped: 0, blanked: 0),
               DenoiserCorpus.Source(name: "b", weight: weights[1], clips: split..<3, dropped: 0, blanked: 0)]
        return DenoiserCorpus(latents: latents, sources: sources, captions: ["x", "y"], captionRow: [0, 1, 1])
    }

    @Test func oneSourceDrawsAsTheSingleCorpusDid() {
        let c = corpus(weights: [1])
        var r1 = SeededGenerator(seed: 5), r2 = SeededGenerator(seed: 5)
        let (x, rows) = c.randomCrops(6, frames: 8, rng: &r1)
        let (y, clips) = c.latents.randomCrops(6, frames: 8, rng: &r2, silence: 0)
        #expect(x.toArray() == y.toArray())
        #expect(rows == clips.map { c.captionRow[$0] })
    }

    @Test func sourcesAreDrawnByWeightAndCropsComeFromTheirClip() {
        // Source a (clip 0, value 1) weighs 3, source b (clips 1 and 2) weighs 1.
        let c = corpus(weights: [3, 1])
        var rng = SeededGenerator(seed: 9)
        let (x, rows) = c.randomCrops(2000, frames: 8, rng: &rng)
        let xs = x.toArray()
        let firsts = stride(from: 0, to: xs.count, by: 16).map { xs[$0] }
        let shareA = Double(firsts.filter { $0 == 1 }.count) / 2000
        #expect(abs(shareA - 0.75) < 0.03, "source a drew \(shareA)")
        for (b, v) in firsts.enumerated() { #expect(rows[b] == (v == 1 ? 0 : 1)) }
        // Every frame of a crop comes from the clip its first frame came from (clips are ≥ 8 frames).
        for b in 0..<2000 { #expect(xs[(b * 16)..<(b * 16 + 16)].allSatisfy { $0 == firsts[b] }) }
    }
}
