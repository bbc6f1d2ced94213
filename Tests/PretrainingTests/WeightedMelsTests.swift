import Engine
import EngineTestSupport
import Foundation
import Pretraining
import Testing

/// Multi-corpus sampling: each source's share of the crops follows its weight,
/// the draw is a pure function of the seed, and a single source draws as v1 did.
@Suite struct WeightedMelsTests {
    /// A source whose every frame holds `value`, so a crop tells where it came from.
    func source(_ value: Float, clips: Int, frames: Int = 40, weight: Double) -> WeightedMels.Source {
        let offsets = (0...clips).map { $0 * frames }
        let cache = MelCache(frames: Tensor.full([clips * frames, 4], value), offsets: offsets)
        return .init(name: "s\(value)", weight: weight, mels: CompactMels(cache))
    }

    @Test func sharesFollowWeights() {
        // Clip counts deliberately unlike the weights: the weight, not the size, decides.
        let mels = WeightedMels([source(1, clips: 50, weight: 1), source(2, clips: 3, weight: 2), source(3, clips: 10, weight: 5)])
        #expect(mels.shares.map { ($0 * 8).rounded() } == [1, 2, 5])
        var rng = SeededGenerator(seed: 42)
        var counts = [0, 0, 0]
        for _ in 0..<250 {
            let (x, picks) = mels.randomCrops(16, frames: 8, rng: &rng, silence: -1)
            for (b, s) in picks.enumerated() {
                counts[s] += 1
                // Every value of the crop is its source's marker.
                #expect(x.data[b * 8 * 4] == Float(s + 1))
            }
        }
        let total = Double(counts.reduce(0, +))
        for (c, expected) in zip(counts, [1.0 / 8, 2.0 / 8, 5.0 / 8]) {
            #expect(abs(Double(c) / total - expected) < 0.02)
        }
    }

    @Test func sameSeedSameCrops() {
        let mels = WeightedMels([source(1, clips: 5, weight: 1), source(2, clips: 5, weight: 3)])
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let (xa, pa) = mels.randomCrops(32, frames: 8, rng: &a, silence: 0)
        let (xb, pb) = mels.randomCrops(32, frames: 8, rng: &b, silence: 0)
        let (_, pc) = mels.randomCrops(32, frames: 8, rng: &c, silence: 0)
        #expect(pa == pb && xa.toArray() == xb.toArray())
        #expect(pa != pc)
    }

    @Test func singleSourceDrawsLikeMelCache() {
        // Distinct frames (exact in fp16) so a different crop would show.
        let n = 3 * 30 * 4
        let cache = MelCache(frames: Tensor((0..<n).map { Float($0 % 1024) / 64 }, shape: [90, 4]), offsets: [0, 30, 50, 90])
        let mels = WeightedMels([.init(name: "one", weight: 1, mels: CompactMels(cache))])
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        let (x1, _) = mels.randomCrops(8, frames: 24, rng: &a, silence: -2)
        let (x2, _) = cache.randomCrops(8, frames: 24, rng: &b, silence: -2)
        #expect(x1.toArray() == x2.toArray())
    }

    @Test func shortClipsArePaddedWithSilence() {
        let mels = WeightedMels([source(1, clips: 2, frames: 5, weight: 1)])
        var rng = SeededGenerator(seed: 1)
        let (x, _) = mels.randomCrops(1, frames: 8, rng: &rng, silence: -7)
        let v = x.toArray()
        #expect(v[0..<20].allSatisfy { $0 == 1 } && v[20..<32].allSatisfy { $0 == -7 })
    }

    @Test func compactMelsAppendsCorpora() {
        var m = CompactMels(bands: 4)
        m.append(MelCache(frames: Tensor.full([10, 4], 1), offsets: [0, 4, 10]))
        m.append(MelCache(frames: Tensor.full([6, 4], 2), offsets: [0, 6]))
        #expect(m.clipCount == 3 && m.offsets == [0, 4, 10, 16] && m.byteCount == 16 * 4 * 2)
        var out = [Float](repeating: 0, count: 8)
        out.withUnsafeMutableBufferPointer { m.copyFrames(clip: 2, start: 1, count: 2, into: $0.baseAddress!) }
        #expect(out.allSatisfy { $0 == 2 })
    }
}
