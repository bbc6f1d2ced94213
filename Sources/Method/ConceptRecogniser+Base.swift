import Evaluation
import Foundation
import Generation
import Model

extension ConceptRecogniser {
    /// The concept classifier shipped with a base model (beside its evaluator), or the one in
    /// `classifier` (a folder holding classifier.json + classifier.safetensors, such as a
    /// `pretrain classifier` run), reading the base model's evaluator features.
    public static func load(base: BaseModel, classifier: URL? = nil) throws -> ConceptRecogniser {
        try load(folder: classifier ?? base.folder, evaluator: base.evaluator,
                 evaluatorSHA256: try base.evaluatorHash(), spectrogram: base.config.spectrogram)
    }

    /// The base model's own classifier, or nil when its folder ships none: recognition that is on
    /// by default (the benchmark, the studio) is then skipped, not failed. A classifier that is
    /// there but unusable (over another evaluator) is still an error: a base folder to repair.
    public static func shipped(with base: BaseModel) throws -> ConceptRecogniser? {
        do { return try load(base: base) } catch Failure.notFound { return nil }
    }
}
