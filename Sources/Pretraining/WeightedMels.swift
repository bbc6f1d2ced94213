import Engine

/// Several corpora mixed by weight: each crop first picks a source with
/// probability weight / Σweights, then a clip of that source uniformly, then a
/// place in the clip. So a small source (the held-apart GM renders of one
/// soundfont, 10 h of procedural music) is seen as often as its weight says, not
/// as rarely as its share of the frames would make it.
public struct WeightedMels: MelCropSource, Sendable {
    public struct Source: Sendable {
        public var name: String
        public var weight: Double
        public var mels: CompactMels
        public init(name: String, weight: Double, mels: CompactMels) {
            self.name = name
            self.weight = weight
            self.mels = mels
        }
    }

    public let sources: [Source]
    /// Cumulative normalised weights; the last is 1.
    let cumulative: [Double]

    public init(_ sources: [Source]) {
        precondition(!sources.isEmpty, "WeightedMels: no sources")
        precondition(sources.allSatisfy { $0.weight > 0 && $0.mels.clipCount > 0 }, "WeightedMels: every source needs a positive weight and clips")
        let bands = sources[0].mels.bands
        precondition(sources.allSatisfy { $0.mels.bands == bands }, "WeightedMels: sources differ in mel bands")
        self.sources = sources
        let total = sources.reduce(0) { $0 + $1.weight }
        var acc = 0.0
        cumulative = sources.map { acc += $0.weight / total; return acc }
    }

    /// Each source's share of the draws (its normalised weight).
    public var shares: [Double] { cumulative.enumerated().map { i, c in c - (i == 0 ? 0 : cumulative[i - 1]) } }

    /// The source a uniform draw u ∈ [0, 1) falls into.
    public func source(at u: Double) -> Int {
        cumulative.firstIndex { u < $0 } ?? (sources.count - 1)
    }

    /// (B, frames, mels) crops and the source index of each crop.
    public func randomCrops(_ batch: Int, frames n: Int, rng: inout SeededGenerator, silence: Float) -> (Tensor, [Int]) {
        let bands = sources[0].mels.bands
        let out = Tensor.full([batch, n, bands], silence)
        var picks: [Int] = []
        for b in 0..<batch {
            // One source draws no source number, so a single-corpus run keeps v1's crop sequence.
            let s = sources.count == 1 ? 0 : source(at: rng.nextDouble())
            picks.append(s)
            sources[s].mels.randomCrop(frames: n, rng: &rng, into: out.data + b * n * bands)
        }
        return (out, picks)
    }
}
