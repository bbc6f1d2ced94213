import Foundation

/// The codec's configurable capacity (codec v2): stage widths, residual depth and
/// latent width may grow; the latent rate the denoiser is built for may not — a
/// quarter of the mel frame rate. The latent width is part of the base model (the
/// denoiser reads it from the configuration), so a new width needs a new denoiser.
public enum CodecSizes {
    /// The latent rate the denoiser is built for: mel frames per latent frame.
    public static let downsampling = 4
    /// v1's latent width, the default.
    public static let latentChannels = 32
    /// Widths a codec may have: wide enough to matter, narrow enough for diffusion.
    public static let latentWidths: ClosedRange<Int> = 8...256

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case badList(String)
        case stages(Int)
        case latent(Int)
        case width(Int, groups: Int)
        case depth(Int)
        case decoderDepth(Int, encoder: Int)

        public var description: String {
            switch self {
            case .badList(let s): return "'\(s)': channels are positive integers separated by commas, e.g. 192,256"
            case .stages(let n): return "the codec needs 2 stages (latents at 1/4 of the mel frame rate), not \(n)"
            case .latent(let c): return "latent channels must be \(latentWidths.lowerBound)…\(latentWidths.upperBound), not \(c)"
            case .width(let w, let g): return "channel width \(w) is not a multiple of the \(g) normalisation groups"
            case .depth(let d): return "residual blocks per stage must be 1…8, not \(d)"
            case .decoderDepth(let d, let e): return "the decoder's residual blocks per stage must be \(e)…8 (the encoder has \(e)), not \(d)"
            }
        }
    }

    /// "192,256" → [192, 256].
    public static func parseChannels(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else { throw Failure.badList(text) }
        return parts.map { $0! }
    }

    /// Throws unless `config.codec` keeps the latent interface and builds (GroupNorm needs whole groups).
    public static func check(_ config: ModelConfiguration) throws {
        let c = config.codec
        guard c.channels.count == 2, config.latentDownsampling == downsampling else { throw Failure.stages(c.channels.count) }
        guard latentWidths.contains(c.latentChannels) else { throw Failure.latent(c.latentChannels) }
        for w in c.channels where w % min(c.groups, w) != 0 { throw Failure.width(w, groups: c.groups) }
        guard (1...8).contains(c.resBlocksPerStage) else { throw Failure.depth(c.resBlocksPerStage) }
        guard (c.resBlocksPerStage...8).contains(c.decoderResBlocks) else { throw Failure.decoderDepth(c.decoderResBlocks, encoder: c.resBlocksPerStage) }
    }
}
