/// What a concept-learning method trains (the paper's Table 1).
public enum TuningMethod: String, Codable, Sendable, CaseIterable {
    /// Pivotal self-attention V entries + all cross-attention K/V + n identifier tokens.
    case dreamstyler
    /// Identifier tokens only.
    case textualInversion = "textual-inversion"
    /// Every U-Net parameter, with a fixed rare token ("sks") instead of learned ones.
    case dreambooth
    /// Cross-attention K/V + one identifier token.
    case customDiffusion = "custom-diffusion"

    /// As the paper's tables name it.
    public var displayName: String {
        switch self {
        case .dreamstyler: return "DreamStyler"
        case .textualInversion: return "Textual Inversion"
        case .dreambooth: return "DreamBooth"
        case .customDiffusion: return "Custom Diffusion"
        }
    }

    /// Whether the method learns its identifier embeddings.
    public var trainsTokens: Bool { self != .dreambooth }

    /// Whether a U-Net parameter trains fully under this method (pivotal entries are separate).
    public func trainsFully(_ name: String) -> Bool {
        switch self {
        case .dreamstyler, .customDiffusion: return TuningMethod.isCrossAttentionKV(name)
        case .dreambooth: return true
        case .textualInversion: return false
        }
    }

    /// Whether the method first learns a mask to pick pivotal self-attention V entries.
    public var usesPivotalEntries: Bool { self == .dreamstyler }

    /// Tokens per concept when the user does not say (custom diffusion: one, as in its paper).
    public var defaultTokens: Int { self == .customDiffusion || self == .dreambooth ? 1 : 3 }

    /// `attn2.to_k.weight` / `attn2.to_v.weight`: what text-to-music conditioning goes through.
    public static func isCrossAttentionKV(_ name: String) -> Bool {
        name.hasSuffix("attn2.to_k.weight") || name.hasSuffix("attn2.to_v.weight")
    }

    /// `attn1.to_v.weight`: the self-attention value projections that carry the mask.
    public static func isSelfAttentionValue(_ name: String) -> Bool {
        name.hasSuffix("attn1.to_v.weight")
    }
}

/// Which U-Net weights mask training covers and pivotal entries are chosen from.
public enum MaskScope: String, Codable, Sendable, CaseIterable {
    /// Every self-attention `to_v` weight, as in the paper.
    case selfAttention = "self-attention"
    /// Every weight matrix and kernel of the U-Net except the cross-attention K/V, which train
    /// whole anyway: in this U-Net self-attention sits only at the coarsest level, so timbre
    /// lives mostly elsewhere (issue 14, item 5).
    case allWeights = "all-weights"
    /// Every weight matrix and kernel, the cross-attention K/V included: they then train only
    /// where the mask picks them, like every other weight.
    case everyWeight = "every-weight"

    public func covers(_ name: String, shape: [Int]) -> Bool {
        switch self {
        case .selfAttention: return TuningMethod.isSelfAttentionValue(name)
        case .allWeights: return shape.count >= 2 && name.hasSuffix("weight") && !TuningMethod.isCrossAttentionKV(name)
        case .everyWeight: return shape.count >= 2 && name.hasSuffix("weight")
        }
    }
}

/// How the entries of self-attention V are chosen.
public enum EntrySelectionMode: String, Codable, Sendable, CaseIterable {
    /// Top P % of the learned mask's variation Δ_M (the method).
    case pivotal
    /// P % uniformly at random (the paper's ablation).
    case random
}
