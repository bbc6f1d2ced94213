import Foundation
import SpectrogramSettings

/// The learned vocoder's sizes, stored beside its weights (`vocoder.json`) so a
/// weight file always comes with the shapes and analysis it was trained for.
public struct VocoderConfiguration: Codable, Sendable, Equatable {
    /// The mel analysis the vocoder inverts; its n_fft and hop are also the head's iSTFT.
    public var spectrogram = SpectrogramConfig()
    /// Width of the ConvNeXt backbone.
    public var channels = 256
    public var blocks = 8
    /// Inner width of each block's pointwise pair, as a multiple of `channels`.
    public var expansion = 3
    /// Depthwise kernel (frames).
    public var kernel = 7
    /// Kernel of the input convolution from mel bands to channels.
    public var inputKernel = 7
    /// |X| is capped at e^this (≈ 100, as Vocos) so an untrained head cannot overflow.
    public var maxLogMagnitude: Float = 4.6

    public init() {}

    /// Frequency bins the head predicts (magnitude and phase each).
    public var bins: Int { spectrogram.nFFT / 2 + 1 }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case bad(String)
        public var description: String { switch self { case .bad(let s): return s } }
    }

    /// Refuses sizes the network cannot be built with.
    public func check() throws {
        guard (8...2048).contains(channels) else { throw Failure.bad("vocoder channels \(channels): must be 8…2048") }
        guard (1...64).contains(blocks) else { throw Failure.bad("vocoder blocks \(blocks): must be 1…64") }
        guard (1...8).contains(expansion) else { throw Failure.bad("vocoder expansion \(expansion): must be 1…8") }
        guard kernel % 2 == 1, (1...31).contains(kernel), inputKernel % 2 == 1, (1...31).contains(inputKernel) else {
            throw Failure.bad("vocoder kernels \(kernel), \(inputKernel): must be odd, 1…31")
        }
        guard spectrogram.hop <= spectrogram.nFFT / 2 else { throw Failure.bad("vocoder hop \(spectrogram.hop) must be at most n_fft/2") }
    }

    public static func load(_ url: URL) throws -> VocoderConfiguration {
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        return try dec.decode(VocoderConfiguration.self, from: Data(contentsOf: url))
    }

    public func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }
}
