import Audio
import Foundation
import Model

/// Which vocoder turns generated mel frames into sound: the base model's learned
/// one by default, Griffin-Lim on request or when the base model has none.
public enum VocoderChoice: String, CaseIterable, Sendable {
    /// The learned vocoder when the base folder holds one, else Griffin-Lim.
    case automatic = "auto"
    case learned
    case griffinLim = "griffin-lim"

    public enum Failure: Error, CustomStringConvertible {
        case noLearnedVocoder(String)
        public var description: String {
            switch self {
            case .noLearnedVocoder(let dir):
                return "\(dir) holds no learned vocoder (\(MelVocoder.configFile) + \(MelVocoder.weightsFile)); use --vocoder griffin-lim or train one with Scripts/pretrain-vocoder"
            }
        }
    }

    /// The vocoder for `base`, never failing: `.learned` without a learned vocoder gives
    /// Griffin-Lim here; commands call `resolve` instead, which says so.
    public func vocoder(for base: BaseModel) -> Vocoder {
        (try? resolve(base.vocoder, folder: base.folder)) ?? Vocoder()
    }

    /// The vocoder for an optional learned model found in `folder`.
    public func resolve(_ learned: MelVocoder?, folder: URL) throws -> Vocoder {
        switch (self, learned) {
        case (.griffinLim, _), (.automatic, nil): return Vocoder()
        case (.learned, nil): throw Failure.noLearnedVocoder(folder.path)
        case (_, let v?): return Vocoder(learned: Self.synthesis(v))
        }
    }

    /// The learned model as Audio sees it: normalised log-mel frames → samples.
    public static func synthesis(_ v: MelVocoder) -> LearnedSynthesis {
        LearnedSynthesis(name: "learned") { mel in v.waveform(normalizedMel: mel) }
    }

    /// A line for the user when Griffin-Lim is used for lack of a learned vocoder.
    public static func fallbackNote(_ base: BaseModel) -> String? {
        base.vocoder == nil ? "no learned vocoder in \(base.folder.path); using Griffin-Lim" : nil
    }
}
