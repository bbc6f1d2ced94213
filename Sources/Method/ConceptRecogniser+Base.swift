import Evaluation
import Foundation
import Generation

extension ConceptRecogniser {
    /// The concept classifier shipped with a base model (beside its evaluator), or the one in
    /// `classifier` (a folder holding classifier.json + classifier.safetensors, such as a
    /// `pretrain classifier` run), reading the base model's evaluator features.
    public static func load(base: BaseModel, classifier: URL? = nil) throws -> ConceptRecogniser {
        try load(folder: classifier ?? base.folder, evaluator: base.evaluator,
                 evaluatorSHA256: try base.evaluatorHash(), spectrogram: base.config.spectrogram)
    }
}
