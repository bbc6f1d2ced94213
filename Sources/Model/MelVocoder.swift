import Engine
import Foundation
import NN
import SpectrogramSettings

/// The learned vocoder (Vocos-style): normalised log-mel frames (B, T, mels) →
/// ConvNeXt backbone at the frame rate → per frame log-magnitude and phase of each
/// STFT bin → inverse STFT → (B, (T − 1)·hop) samples.
///
/// Everything runs at the mel frame rate (62.5 frames/s) and the only upsampling is
/// the iSTFT, which is why it is orders of magnitude cheaper than a vocoder that
/// upsamples with transposed convolutions to the sample rate.
public final class MelVocoder: Module {
    public let config: VocoderConfiguration
    let embed: Conv1d
    let norm: LayerNorm
    let blocks: ModuleList<ConvNeXtBlock>
    let finalNorm: LayerNorm
    let head: Linear

    public init(_ config: VocoderConfiguration, seed: UInt64 = 0) {
        self.config = config
        var rng = SeededGenerator(seed: seed)
        let c = config.channels
        embed = Conv1d(config.spectrogram.melBands, c, kernel: config.inputKernel, padding: config.inputKernel / 2, rng: &rng)
        norm = LayerNorm(c, eps: 1e-6)
        blocks = ModuleList((0..<config.blocks).map { _ in
            ConvNeXtBlock(channels: c, hidden: c * config.expansion, kernel: config.kernel, layerScale: 1 / Float(config.blocks), rng: &rng)
        })
        finalNorm = LayerNorm(c, eps: 1e-6)
        head = Linear(c, 2 * config.bins, rng: &rng)
        super.init()
        register("embed", embed)
        register("norm", norm)
        register("blocks", blocks)
        register("final_norm", finalNorm)
        register("head", head)
    }

    /// (B, T, mels) → (B, T, 2·bins) complex spectrum frames [Re | Im].
    public func spectrum(_ mel: Tensor) -> Tensor {
        var h = norm(embed(mel))
        for b in blocks.items { h = b(h) }
        return head(finalNorm(h)).polarToComplex(maxLogMagnitude: config.maxLogMagnitude)
    }

    /// (B, T, mels) → (B, (T − 1)·hop) samples: the signal whose centred STFT has T frames.
    public func callAsFunction(_ mel: Tensor) -> Tensor {
        Tensor.istft(spectrum(mel), nFFT: config.spectrogram.nFFT, hop: config.spectrogram.hop)
    }

    /// Samples for one clip's frames (T, mels), without recording gradients.
    public func waveform(normalizedMel mel: Tensor) -> [Float] {
        require(mel.rank == 2 && mel.shape[1] == config.spectrogram.melBands, "MelVocoder: frames \(mel.shape), expected (T, \(config.spectrogram.melBands))")
        guard mel.shape[0] >= 2 else { return [] }
        return noGrad { self(mel.reshaped([1, mel.shape[0], mel.shape[1]])).toArray() }
    }

    /// Multiply-adds per mel frame (the iSTFT's DFT included), for the speed report.
    public var flopsPerFrame: Int {
        let c = config.channels, h = c * config.expansion, f = 2 * config.bins, n = config.spectrogram.nFFT
        let perBlock = 2 * c * h * 2 + c * config.kernel * 2
        return config.spectrogram.melBands * c * config.inputKernel * 2 + config.blocks * perBlock + c * f * 2 + f * n * 2
    }

    /// The weight file and configuration file names, in a run folder or a base-model folder.
    public static let weightsFile = "vocoder.safetensors"
    public static let configFile = "vocoder.json"

    /// Writes `vocoder.json` and `vocoder.safetensors` into `folder`.
    public func save(folder: URL, metadata: [String: String] = [:]) throws {
        try AtomicFile.write(try config.encoded(), to: folder.appendingPathComponent(Self.configFile))
        try save(to: folder.appendingPathComponent(Self.weightsFile), metadata: metadata)
    }

    /// Whether `folder` holds a finished vocoder (both files).
    public static func isPresent(in folder: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: folder.appendingPathComponent(weightsFile).path)
            && fm.fileExists(atPath: folder.appendingPathComponent(configFile).path)
    }

    /// Loads `vocoder.json` + `vocoder.safetensors` from `folder`, frozen for inference.
    public static func load(folder: URL) throws -> MelVocoder {
        let cfgURL = folder.appendingPathComponent(configFile)
        guard FileManager.default.fileExists(atPath: cfgURL.path) else {
            throw EngineError.io(path: cfgURL.path, reason: "no vocoder configuration (\(configFile))")
        }
        let config: VocoderConfiguration
        do { config = try VocoderConfiguration.load(cfgURL) } catch {
            throw EngineError.corruptFile(path: cfgURL.path, reason: "not a vocoder configuration: \(error)")
        }
        let v = MelVocoder(config)
        try v.load(from: folder.appendingPathComponent(weightsFile))
        v.freezeAll()
        return v
    }
}
