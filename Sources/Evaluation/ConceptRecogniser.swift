import Audio
import Engine
import Foundation
import Model

/// What the concept classifier hears in a clip: a probability per class and the top class.
public struct Recognition: Codable, Sendable, Equatable {
    public var classes: [String]
    public var probabilities: [Double]

    public init(classes: [String], probabilities: [Double]) {
        self.classes = classes
        self.probabilities = probabilities
    }

    /// The most probable class (the first on a tie).
    public var top: String { classes[probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0] }
    public var topProbability: Double { probabilities.max() ?? 0 }

    /// P(class); 0 for a class the classifier does not have.
    public func probability(of name: String) -> Double {
        classes.firstIndex(of: name).map { probabilities[$0] } ?? 0
    }

    /// The `k` most probable classes, most probable first.
    public func ranked(_ k: Int) -> [(name: String, probability: Double)] {
        Array(zip(classes, probabilities).sorted { $0.1 > $1.1 }.prefix(k)).map { (name: $0.0, probability: $0.1) }
    }

    /// The mean of several recognitions over the same classes.
    public static func mean(_ parts: [Recognition]) -> Recognition {
        precondition(!parts.isEmpty, "Recognition.mean: nothing to average")
        var p = [Double](repeating: 0, count: parts[0].classes.count)
        for r in parts { for i in p.indices { p[i] += r.probabilities[i] / Double(parts.count) } }
        return Recognition(classes: parts[0].classes, probabilities: p)
    }
}

/// Classifies audio with the shipped concept classifier (`ConceptClassifier`) over
/// the evaluator's features.
///
/// A clip is cut into windows of the classifier's length (4.1 s), spread evenly so
/// that they cover the whole clip (the last ones overlap a little rather than drop
/// the end); its probabilities are the mean over its windows. A recording longer
/// than a clip is cut into 10-s segments, each classified as a clip, and its
/// probabilities are the mean over the segments (`recogniseRecording`).
public final class ConceptRecogniser {
    public enum Failure: Error, CustomStringConvertible {
        case notFound(String)
        case needsEvaluator(String)
        case evaluatorMismatch(folder: String, expected: String, found: String)
        case notAClass(concept: String, classes: [String])
        case unknownClass(concept: String, className: String, classes: [String])

        public var description: String {
            switch self {
            case .notFound(let f):
                return "\(f): no concept classifier (classifier.json + classifier.safetensors); train one with `dreamstyler pretrain classifier`"
            case .needsEvaluator(let f): return "\(f): the classifier reads evaluator features, but the base model has no evaluator"
            case .evaluatorMismatch(let f, let e, let found):
                return "\(f): the classifier was trained over evaluator \(e.prefix(12))…, but this base model's evaluator is \(found.prefix(12))…; retrain it with `dreamstyler pretrain classifier`"
            case .notAClass(let c, let classes):
                return "<\(c)> is not one of the classifier's classes (\(classes.joined(separator: ", "))); name the class with --recognise-as \(c)=CLASS"
            case .unknownClass(let c, let name, let classes):
                return "--recognise-as \(c)=\(name): '\(name)' is not one of the classifier's classes (\(classes.joined(separator: ", ")))"
            }
        }
    }

    public let classifier: ConceptClassifier
    public let evaluator: Evaluator?
    public let analysis: MelSpectrogram
    public var classes: [String] { classifier.settings.classes }
    /// Length of the segments a long recording is cut into.
    public static let segmentSeconds = 10.0

    public init(classifier: ConceptClassifier, evaluator: Evaluator?, spectrogram: SpectrogramConfig) throws {
        if classifier.settings.features.needsEvaluator && evaluator == nil { throw Failure.needsEvaluator("classifier") }
        self.classifier = classifier
        self.evaluator = evaluator
        analysis = MelSpectrogram(spectrogram)
    }

    /// Loads the classifier in `folder`, to read features of `evaluator` (whose weights hash to `evaluatorSHA256`).
    public static func load(folder: URL, evaluator: Evaluator?, evaluatorSHA256: String?, spectrogram: SpectrogramConfig) throws -> ConceptRecogniser {
        guard let c = try ConceptClassifier.load(from: folder) else { throw Failure.notFound(folder.path) }
        if c.settings.features.needsEvaluator {
            guard evaluator != nil else { throw Failure.needsEvaluator(folder.path) }
            if let want = c.settings.evaluatorSHA256, let have = evaluatorSHA256, want != have {
                throw Failure.evaluatorMismatch(folder: folder.path, expected: want, found: have)
            }
        }
        return try ConceptRecogniser(classifier: c, evaluator: evaluator, spectrogram: spectrogram)
    }

    /// The class that stands for a concept named `name`: the class of that name, compared
    /// without case, spaces, hyphens or underscores ("Steel Drums" is `steel_drums`); nil if none.
    public func classFor(concept name: String) -> String? {
        let key = ConceptRecogniser.key(name)
        return classes.first { ConceptRecogniser.key($0) == key }
    }

    static func key(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    /// Evenly spread windows covering normalised mel (T, mels) → (N, window, mels).
    public func windows(_ mel: Tensor) -> Tensor {
        ConceptClassifier.windows(mel, length: classifier.settings.window, silence: analysis.config.normalizedSilence)
    }

    /// Class probabilities of windows (N, window, mels) → (N, classes).
    public func probabilities(windows x: Tensor) -> Tensor {
        let n = x.shape[0], chunk = 32
        var parts: [Tensor] = []
        for s in stride(from: 0, to: n, by: chunk) {
            let len = min(chunk, n - s)
            parts.append(classifier.settings.features.compute(x.narrow(axis: 0, start: s, length: len).copy(), evaluator: evaluator))
        }
        return classifier.probabilities(Tensor.concat(parts, axis: 0))
    }

    /// Normalised mel of a clip (loudness-normalised first, as the training corpus was).
    public func mel(_ clip: AudioClip) -> Tensor {
        require(clip.sampleRate == analysis.config.sampleRate, "ConceptRecogniser: \(clip.sampleRate) Hz audio, expected \(analysis.config.sampleRate)")
        return analysis.normalized(clip.normalized(.rms(-20)).samples)
    }

    /// One clip: the mean of its windows' probabilities.
    public func recognise(_ clip: AudioClip) -> Recognition { recognise(mel: mel(clip)) }

    /// One clip given as normalised mel (T, mels).
    public func recognise(mel: Tensor) -> Recognition {
        let p = probabilities(windows: windows(mel))
        let (n, c) = (p.shape[0], p.shape[1])
        var mean = [Double](repeating: 0, count: c)
        for i in 0..<n { for j in 0..<c { mean[j] += Double(p[i, j]) / Double(n) } }
        return Recognition(classes: classes, probabilities: mean)
    }

    /// A recording of any length: the mean over its 10-s segments (cut evenly; one
    /// segment when it is shorter than 15 s), with each segment's recognition.
    public func recogniseRecording(_ clip: AudioClip) -> (mean: Recognition, segments: [Recognition]) {
        let mel = mel(clip)
        let t = mel.shape[0]
        let per = Int(ConceptRecogniser.segmentSeconds * analysis.config.framesPerSecond)
        let count = max(1, Int((Double(t) / Double(per)).rounded()))
        let segments = (0..<count).map { i -> Recognition in
            let a = t * i / count, b = t * (i + 1) / count
            return recognise(mel: mel.narrow(axis: 0, start: a, length: b - a).copy())
        }
        return (Recognition.mean(segments), segments)
    }
}
