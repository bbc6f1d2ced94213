import Engine
import Foundation
import Model

extension BaseModel {
    /// Copies a trained concept classifier (classifier.json + classifier.safetensors from a
    /// `pretrain classifier` run) into a base-model folder and records both files' sha256,
    /// its `metrics` and its `steps` in the folder's manifest.json, so that loading the base
    /// model checks them as it checks the other weights. The classifier must have been
    /// trained over this folder's evaluator: the check happens when it is loaded.
    public static func installClassifier(from run: URL, into model: URL, steps: Int, metrics: [String: Double]) throws {
        let manifestURL = model.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: manifestURL), var manifest = try? JSONDecoder().decode(Manifest.self, from: data) else {
            throw EngineError.io(path: manifestURL.path, reason: "no base-model manifest to record the classifier in")
        }
        for file in [ConceptClassifier.settingsFile, ConceptClassifier.weightsFile] {
            let source = run.appendingPathComponent(file)
            let bytes = try Data(contentsOf: source)
            try AtomicFile.write(bytes, to: model.appendingPathComponent(file))
            manifest.sha256[file] = SHA256.hex(bytes)
        }
        manifest.steps["classifier"] = steps
        for (k, v) in metrics { manifest.metrics[k] = v }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(manifest), to: manifestURL)
    }
}
