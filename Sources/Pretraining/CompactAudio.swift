import Engine

/// Corpus audio held as int16 in memory, for the vocoder's waveform crops: half of
/// fp16 mels' cost per second of audio is not possible (16 000 samples against 62.5 ×
/// 80 mel values), so a source holds a seeded subset of its clips up to a budget
/// of hours instead. At −20 dBFS RMS (the corpus level), int16 keeps ~78 dB of
/// signal-to-noise, well below what the vocoder's losses can see.
public struct CompactAudio: Sendable {
    /// Every kept clip's samples end to end.
    public private(set) var samples: [Int16]
    /// Clip i spans samples offsets[i] ..< offsets[i+1].
    public private(set) var offsets: [Int]

    public init() {
        samples = []
        offsets = [0]
    }

    init(samples: [Int16], offsets: [Int]) {
        self.samples = samples
        self.offsets = offsets
    }

    public var clipCount: Int { offsets.count - 1 }
    public var sampleCount: Int { offsets.last! }
    public var byteCount: Int { samples.count * MemoryLayout<Int16>.size }
    public func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// Appends one clip (float samples in [−1, 1], clipped).
    public mutating func append(_ clip: [Float]) {
        // No exact reserveCapacity here: it would defeat the array's geometric growth and
        // copy everything held on every clip (hours of audio: quadratic, found in the vocoder's load).
        for v in clip { samples.append(Int16((max(-1, min(1, v)) * 32767).rounded())) }
        offsets.append(samples.count)
    }

    /// One crop of `n` samples at a random place of a random clip (zero-padded when the
    /// clip is shorter), written into `out` as float.
    public func randomCrop(samples n: Int, rng: inout SeededGenerator, into out: UnsafeMutablePointer<Float>) {
        let clip = Int(rng.next() % UInt64(clipCount))
        let len = length(clip)
        let start = len > n ? Int(rng.next() % UInt64(len - n + 1)) : 0
        let take = min(n, len), from = offsets[clip] + start
        samples.withUnsafeBufferPointer { s in
            for i in 0..<take { out[i] = Float(s[from + i]) * (1 / 32767) }
        }
        if take < n { (out + take).update(repeating: 0, count: n - take) }
    }
}

/// Several sources of waveform crops mixed by weight, as `WeightedMels` mixes mels:
/// a crop picks a source by weight, then a clip uniformly, then a place.
public struct WeightedAudio: Sendable {
    public struct Source: Sendable {
        public var name: String
        public var weight: Double
        public var audio: CompactAudio
        public init(name: String, weight: Double, audio: CompactAudio) {
            self.name = name
            self.weight = weight
            self.audio = audio
        }
    }

    public let sources: [Source]
    let cumulative: [Double]

    public init(_ sources: [Source]) {
        precondition(!sources.isEmpty && sources.allSatisfy { $0.weight > 0 && $0.audio.clipCount > 0 },
                     "WeightedAudio: every source needs a positive weight and clips")
        self.sources = sources
        let total = sources.reduce(0) { $0 + $1.weight }
        var acc = 0.0
        cumulative = sources.map { acc += $0.weight / total; return acc }
    }

    public var shares: [Double] { cumulative.enumerated().map { i, c in c - (i == 0 ? 0 : cumulative[i - 1]) } }
    public var byteCount: Int { sources.reduce(0) { $0 + $1.audio.byteCount } }

    /// (B, n) waveform crops.
    public func randomCrops(_ batch: Int, samples n: Int, rng: inout SeededGenerator) -> Tensor {
        let out = Tensor(uninitializedShape: [batch, n])
        for b in 0..<batch {
            // One source draws no source number, as WeightedMels does.
            let u = sources.count == 1 ? 0 : rng.nextDouble()
            let s = cumulative.firstIndex { u < $0 } ?? sources.count - 1
            sources[s].audio.randomCrop(samples: n, rng: &rng, into: out.data + b * n)
        }
        return out
    }
}
