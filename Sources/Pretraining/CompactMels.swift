import Engine

/// A corpus's normalised mel frames held as fp16 in memory: half of `MelCache`'s
/// float32, which is what lets ~45 h of audio (≈ 10 M frames × 80 bands) fit in
/// ~1.6 GB on a shared 24 GB machine. Crops are widened to float32 per batch,
/// which costs nothing next to a training step.
public struct CompactMels: Sendable {
    /// Every clip's frames end to end, row-major (frame, band).
    public private(set) var values: [Float16]
    /// Clip i spans frames offsets[i] ..< offsets[i+1].
    public private(set) var offsets: [Int]
    public let bands: Int

    public init(bands: Int) {
        self.bands = bands
        values = []
        offsets = [0]
    }

    /// Takes a float32 cache's frames; the cache itself can be dropped afterwards.
    public init(_ cache: MelCache) {
        self.init(bands: cache.frames.shape[1])
        append(cache)
    }

    public var clipCount: Int { offsets.count - 1 }
    public var frameCount: Int { offsets.last! }
    public func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }
    /// Bytes of frame data held.
    public var byteCount: Int { values.count * MemoryLayout<Float16>.size }

    /// Appends every clip of `cache` (several corpus folders become one source this way).
    public mutating func append(_ cache: MelCache) {
        precondition(cache.frames.shape[1] == bands, "CompactMels: \(cache.frames.shape[1]) bands, expected \(bands)")
        let n = cache.frames.count
        values.reserveCapacity(values.count + n)
        let src = cache.frames.data
        for i in 0..<n { values.append(Float16(src[i])) }
        let base = frameCount
        offsets.append(contentsOf: cache.offsets.dropFirst().map { $0 + base })
    }

    /// Writes `count` frames of clip `clip` from frame `start` into `out` as float32.
    public func copyFrames(clip: Int, start: Int, count: Int, into out: UnsafeMutablePointer<Float>) {
        let from = (offsets[clip] + start) * bands
        values.withUnsafeBufferPointer { v in
            for i in 0..<(count * bands) { out[i] = Float(v[from + i]) }
        }
    }

    /// One crop of `n` frames at a random place of a random clip (padded with
    /// `silence` when the clip is shorter), written into `out`; returns the clip.
    @discardableResult
    public func randomCrop(frames n: Int, rng: inout SeededGenerator, into out: UnsafeMutablePointer<Float>) -> Int {
        let clip = Int(rng.next() % UInt64(clipCount))
        let len = length(clip)
        let start = len > n ? Int(rng.next() % UInt64(len - n + 1)) : 0
        copyFrames(clip: clip, start: start, count: min(n, len), into: out)
        return clip
    }
}
