import Audio
import Engine
import Foundation
import Generation
import Model
import Pretraining
import Training

/// A concept's reference recordings, ready for training: checked (long enough,
/// not silent), loudness-normalised, and encoded to latents once — at three gains
/// (−3, 0, +3 dB) when augmenting, and with each `ReferenceEffect` when asked, since
/// both must be applied before the codec.
public struct ReferenceSet {
    /// One cache per gain variant; clips end to end.
    public let variants: [MelCache]
    public let seconds: Double
    public let files: [String]

    public static let minimumSeconds = 10.0

    public static func load(_ files: [String], base: BaseModel, augment: Bool, effects: Bool = false) throws -> ReferenceSet {
        var clock = PhaseClock()
        return try load(files, base: base, augment: augment, effects: effects, clock: &clock)
    }

    /// Loads the references, timing the reading and the latents in `clock`.
    public static func load(_ files: [String], base: BaseModel, augment: Bool, effects: Bool = false,
                            clock: inout PhaseClock) throws -> ReferenceSet {
        let clips = try clock.time("reading") { try read(files, base: base) }
        return try encode(clips, files: files, base: base, augment: augment, effects: effects, clock: &clock)
    }

    /// An instrument's references played over a genre's (`TogetherMix`): what the two concepts
    /// sound like named together, which neither reference alone ever shows.
    public static func together(instrument: [String], genre: [String], base: BaseModel, augment: Bool, effects: Bool = false,
                                clock: inout PhaseClock) throws -> ReferenceSet {
        let (lead, band) = try clock.time("reading") { (try read(instrument, base: base), try read(genre, base: base)) }
        let mix = TogetherMix.mix(lead: lead, band: band)
        return try encode([mix], files: instrument + genre, base: base, augment: augment, effects: effects, clock: &clock)
    }

    /// The files at the model's rate, each loudness-normalised and checked; at least `minimumSeconds` in all.
    private static func read(_ files: [String], base: BaseModel) throws -> [AudioClip] {
        let clips = try files.map { f in
            let (clip, _, _) = try AudioFile.read(f, sampleRate: base.config.spectrogram.sampleRate, normalization: .rms(-20))
            try clip.validateAsReference(path: f, minimumSeconds: 0.5)
            return clip
        }
        let total = clips.reduce(0) { $0 + $1.duration }
        if total < minimumSeconds {
            throw AudioError.tooShort(path: files.joined(separator: ", "), seconds: total, minimum: minimumSeconds)
        }
        return clips
    }

    /// The clips' latents, once per gain (and effect) variant.
    private static func encode(_ clips: [AudioClip], files: [String], base: BaseModel, augment: Bool, effects: Bool,
                               clock: inout PhaseClock) throws -> ReferenceSet {
        let analysis = MelSpectrogram(base.config.spectrogram)
        let total = clips.reduce(0) { $0 + $1.duration }
        let rate = base.config.spectrogram.sampleRate
        var versions: [(AudioClip) -> [Float]] = (augment ? [0, -3, 3] : [0]).map { (g: Float) in
            { clip in g == 0 ? clip.samples : clip.samples.map { $0 * powf(10, g / 20) } }
        }
        if effects {
            versions += ReferenceEffect.allCases.map { e in { clip in e.apply(clip.samples, sampleRate: rate, seed: UInt64(clip.samples.count)) } }
        }
        let start = Date()
        defer { clock.add("latents", Date().timeIntervalSince(start)) }
        var variants: [MelCache] = []
        for version in versions {
            var parts: [Tensor] = []
            var offsets = [0]
            for clip in clips {
                let mel = analysis.normalized(version(clip))
                let n = mel.shape[0] / base.codec.frameMultiple * base.codec.frameMultiple
                guard n > 0 else { continue }
                let z = noGrad { base.codec.encode(mel.narrow(axis: 0, start: 0, length: n).reshaped([1, n, mel.shape[1]])) }
                parts.append(z.reshaped([z.shape[1], z.shape[2]]))
                offsets.append(offsets.last! + z.shape[1])
            }
            variants.append(MelCache(frames: Tensor.concat(parts, axis: 0), offsets: offsets))
        }
        return ReferenceSet(variants: variants, seconds: total, files: files)
    }

    public init(variants: [MelCache], seconds: Double, files: [String]) {
        self.variants = variants
        self.seconds = seconds
        self.files = files
    }

    /// Non-overlapping crops of `frames` latent frames: what one epoch of mask training sees.
    public func cropsPerEpoch(frames: Int) -> Int { max(1, variants[0].frames.shape[0] / frames) }

    /// One random crop (a random gain variant when augmenting), (frames, latent).
    public func crop(frames: Int, rng: inout SeededGenerator) -> Tensor {
        let v = variants[Int(rng.next() % UInt64(variants.count))]
        return v.randomCrops(1, frames: frames, rng: &rng, silence: 0).0.reshaped([frames, v.frames.shape[1]])
    }
}
