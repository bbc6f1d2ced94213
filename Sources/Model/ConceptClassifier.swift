import Engine
import Foundation
import NN

/// The concept classifier: which of the benchmark concepts (or "other") a window
/// of audio sounds like. A small head over `RecognitionFeatures` of one evaluator
/// window (256 mel frames, 4.1 s): features standardised with the training set's
/// statistics, then one hidden layer (GELU) or, with `hidden == 0`, a linear map.
///
/// Stored as `classifier.safetensors` (the head and the standardisation) and
/// `classifier.json` (these settings) beside the evaluator it was trained over.
public final class ConceptClassifier: Module {
    public struct Settings: Codable, Sendable, Equatable {
        /// Class names; the last is "other" by convention of the trainer.
        public var classes: [String]
        public var features: RecognitionFeatures
        public var featureWidth: Int
        /// Hidden units; 0 for a linear classifier.
        public var hidden: Int
        /// Window length in mel frames (the evaluator's window).
        public var window: Int
        /// sha256 of the evaluator weights the features came from (nil for evaluator-free features):
        /// a classifier read over another evaluator would be reading features it never saw.
        public var evaluatorSHA256: String?

        public init(classes: [String], features: RecognitionFeatures, featureWidth: Int, hidden: Int, window: Int = 256,
                    evaluatorSHA256: String? = nil) {
            self.classes = classes
            self.features = features
            self.featureWidth = featureWidth
            self.hidden = hidden
            self.window = window
            self.evaluatorSHA256 = evaluatorSHA256
        }
    }

    public let settings: Settings
    /// Standardisation of the features: x' = (x − mean) / std; frozen, saved with the weights.
    public let featureMean: Parameter
    public let featureStd: Parameter
    public let layers: ModuleList<Linear>

    public init(_ settings: Settings, seed: UInt64 = 0) {
        self.settings = settings
        var rng = SeededGenerator(seed: seed)
        let f = settings.featureWidth, c = settings.classes.count
        featureMean = Parameter(Tensor.zeros([f]), mode: .frozen)
        featureStd = Parameter(Tensor.ones([f]), mode: .frozen)
        layers = ModuleList(settings.hidden > 0
            ? [Linear(f, settings.hidden, rng: &rng), Linear(settings.hidden, c, rng: &rng)]
            : [Linear(f, c, rng: &rng)])
        super.init()
        register("feature_mean", featureMean)
        register("feature_std", featureStd)
        register("layers", layers)
    }

    /// Sets the standardisation from training features (N, F); a constant feature keeps std 1.
    public func fitStandardisation(_ x: Tensor) {
        let (n, f) = (x.shape[0], x.shape[1])
        let m = featureMean.value.data, s = featureStd.value.data
        for k in 0..<f {
            var sum = 0.0, sq = 0.0
            for i in 0..<n { let v = Double(x.data[i * f + k]); sum += v; sq += v * v }
            let mean = sum / Double(max(n, 1))
            let sd = max(sq / Double(max(n, 1)) - mean * mean, 0).squareRoot()
            m[k] = Float(mean)
            s[k] = sd > 1e-6 ? Float(sd) : 1
        }
    }

    /// Features (N, F) → standardised copy (no gradient: the statistics are constants).
    public func standardised(_ x: Tensor) -> Tensor {
        let (n, f) = (x.shape[0], x.shape[1])
        require(f == settings.featureWidth, "ConceptClassifier: \(f) features, expected \(settings.featureWidth)")
        let out = Tensor(uninitializedShape: [n, f])
        let m = featureMean.value.data, s = featureStd.value.data
        for i in 0..<n { for k in 0..<f { out.data[i * f + k] = (x.data[i * f + k] - m[k]) / s[k] } }
        return out
    }

    /// Standardised features (N, F) → logits (N, classes).
    public func logits(standardised x: Tensor) -> Tensor {
        var h = x
        for (i, l) in layers.items.enumerated() {
            h = l(h)
            if i + 1 < layers.count { h = h.gelu() }
        }
        return h
    }

    /// Raw features (N, F) → class probabilities (N, classes), without gradients.
    public func probabilities(_ features: Tensor) -> Tensor {
        noGrad { logits(standardised: standardised(features)).softmax() }
    }

    /// Windows of `length` frames spread evenly over normalised mel (T, mels) so that they cover
    /// all of it (the last ones overlap a little rather than drop the end): (⌈T / length⌉, length, mels).
    /// Input shorter than one window is padded with `silence`.
    public static func windows(_ mel: Tensor, length w: Int, silence: Float) -> Tensor {
        let (t, m) = (mel.shape[0], mel.shape[1])
        let count = max(1, (t + w - 1) / w)
        let x = Tensor.full([count, w, m], silence)
        for i in 0..<count {
            let start = count == 1 ? 0 : (t - w) * i / (count - 1)
            (x.data + i * w * m).update(from: mel.data + start * m, count: min(w, t) * m)
        }
        return x
    }

    /// Writes `classifier.safetensors` and `classifier.json` into `folder`.
    public func save(into folder: URL) throws {
        // fp16 on disk like the other shipped weights (the design's rule); float32 in memory.
        try save(to: folder.appendingPathComponent(ConceptClassifier.weightsFile), dtype: .f16)
        try AtomicFile.write(try ConceptClassifier.encoder.encode(settings), to: folder.appendingPathComponent(ConceptClassifier.settingsFile))
    }

    /// Reads a classifier saved by `save(into:)`; nil when the folder holds none.
    public static func load(from folder: URL) throws -> ConceptClassifier? {
        let json = folder.appendingPathComponent(settingsFile), weights = folder.appendingPathComponent(weightsFile)
        guard FileManager.default.fileExists(atPath: json.path), FileManager.default.fileExists(atPath: weights.path) else { return nil }
        let settings: Settings
        do { settings = try JSONDecoder().decode(Settings.self, from: Data(contentsOf: json)) } catch {
            throw EngineError.io(path: json.path, reason: "not a concept classifier configuration (\(error))")
        }
        let c = ConceptClassifier(settings)
        try c.load(from: weights)
        c.freezeAll()
        return c
    }

    public static let weightsFile = "classifier.safetensors"
    public static let settingsFile = "classifier.json"
    /// The class a window gets when it is none of the concepts.
    public static let otherClass = "other"

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
