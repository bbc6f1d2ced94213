import Engine
import Foundation
import Model
import Training

/// Trains the concept classifier (`ConceptClassifier`) over features of a labelled
/// corpus: the evaluator stays frozen, features are computed once, and only the small
/// head trains (seconds), so several feature kinds can be compared on a validation split.
public struct ClassifierTraining {
    public struct Options: Codable, Sendable, Equatable {
        public var steps = 2000
        public var batch = 128
        public var learningRate: Float = 1e-3
        public var weightDecay: Float = 0.05
        public var hidden = 256
        /// Hop between training windows, in mel frames: overlapping crops are the augmentation.
        public var trainHop = 64
        public var seed: UInt64 = 4
        public init() {}
    }

    /// Clip indices of the corpus by role. Whole clips are held out, never windows of a clip seen in training.
    public struct Split: Codable, Sendable, Equatable {
        public var train: [Int]
        public var validation: [Int]
        public var test: [Int]

        /// Every `testEvery`-th clip (index ≡ 0) is test, clips with index ≡ 1 (mod `validationEvery`)
        /// validation, the rest training; clips without a label are left out.
        /// With the defaults the test clips include every 20th clip, the evaluator's own held-out set.
        public static func byIndex(labels: [Int?], testEvery: Int = 5, validationEvery: Int = 10) -> Split {
            var s = Split(train: [], validation: [], test: [])
            for (i, l) in labels.enumerated() where l != nil {
                if i % testEvery == 0 { s.test.append(i) } else if i % validationEvery == 1 { s.validation.append(i) } else {
                    s.train.append(i)
                }
            }
            return s
        }
    }

    /// Labelled clips of another corpus beside the main one (solo renders through another
    /// soundfont): every labelled clip trains, or, `heldOut`, every one is a test of its own —
    /// how the classifier hears the concepts in a sound it never trained on.
    public struct Source {
        public var name: String
        public var mels: MelCache
        public var labels: [Int?]
        public var heldOut: Bool
        public init(name: String, mels: MelCache, labels: [Int?], heldOut: Bool) {
            self.name = name
            self.mels = mels
            self.labels = labels
            self.heldOut = heldOut
        }
    }

    /// Window features of some clips and which clip each row came from.
    public struct Features {
        /// (rows, F)
        public var values: Tensor
        /// owners[r]: the clip of row r.
        public var owners: [Int]
    }

    /// Held-out accuracy of clip-level predictions (the mean of a clip's window probabilities).
    public struct Accuracy: Codable, Sendable, Equatable {
        public var clips: Int
        public var correct: Int
        public var overall: Double { Double(correct) / Double(max(clips, 1)) }
        /// Per true class: clips and correct ones.
        public var perClass: [String: [Int]]
        /// confusion[true][predicted], in class order.
        public var confusion: [[Int]]
        /// Mean probability given to the true class.
        public var meanTrueProbability: Double
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Features of `clips`: overlapping windows every `hop` frames (the last window ends at the
    /// clip's end) for training, or the recogniser's evenly spread windows when `hop` is nil.
    public static func features(mels: MelCache, clips: [Int], kind: RecognitionFeatures, evaluator: Evaluator?, window: Int,
                                hop: Int?, silence: Float, progress: (Int, Int) -> Void = { _, _ in }) -> Features {
        let m = mels.frames.shape[1]
        var parts: [Tensor] = [], owners: [Int] = []
        var pending: [Tensor] = [], pendingOwners: [Int] = []
        func flush() {
            guard !pending.isEmpty else { return }
            let x = Tensor.concat(pending, axis: 0)
            parts.append(kind.compute(x, evaluator: evaluator))
            owners += pendingOwners
            pending = []; pendingOwners = []
        }
        for (k, c) in clips.enumerated() {
            let mel = mels.frames.narrow(axis: 0, start: mels.offsets[c], length: mels.length(c)).copy()
            let w: Tensor
            if let hop, mel.shape[0] > window {
                var starts = Array(stride(from: 0, through: mel.shape[0] - window, by: hop))
                if starts.last! != mel.shape[0] - window { starts.append(mel.shape[0] - window) }
                w = Tensor(uninitializedShape: [starts.count, window, m])
                for (i, s) in starts.enumerated() { (w.data + i * window * m).update(from: mel.data + s * m, count: window * m) }
            } else {
                w = ConceptClassifier.windows(mel, length: window, silence: silence)
            }
            pending.append(w)
            pendingOwners += Array(repeating: c, count: w.shape[0])
            if pendingOwners.count >= 64 { flush() }
            if (k + 1) % 100 == 0 { progress(k + 1, clips.count) }
        }
        flush()
        return Features(values: Tensor.concat(parts, axis: 0), owners: owners)
    }

    /// Trains a classifier on `train` (window rows labelled by their clip's class), sampling
    /// classes uniformly so that "other", the largest class, does not drown the concepts.
    public func train(_ train: Features, labels: [Int?], settings: ConceptClassifier.Settings,
                      onLog: (Int, Float) -> Void = { _, _ in }) -> ConceptClassifier {
        let classifier = ConceptClassifier(settings, seed: options.seed)
        classifier.fitStandardisation(train.values)
        let x = classifier.standardised(train.values)
        let f = settings.featureWidth
        var rowsOf = [[Int]](repeating: [], count: settings.classes.count)
        for (r, c) in train.owners.enumerated() { if let l = labels[c] { rowsOf[l].append(r) } }
        let present = rowsOf.indices.filter { !rowsOf[$0].isEmpty }
        precondition(!present.isEmpty, "ClassifierTraining: no labelled training rows")
        let params = classifier.layers.namedParameters()
        let opt = AdamW(groups: [.init("classifier", learningRate: options.learningRate, weightDecay: options.weightDecay, parameters: params)],
                        beta1: 0.9, beta2: 0.999)
        var rng = SeededGenerator(seed: options.seed &+ 1)
        let batch = Tensor(uninitializedShape: [options.batch, f])
        var targets = [Int](repeating: 0, count: options.batch)
        let schedule = LearningRateSchedule(peak: options.learningRate, warmupSteps: max(1, options.steps / 20), totalSteps: options.steps)
        for step in 1...options.steps {
            for b in 0..<options.batch {
                let cls = present[Int(rng.next() % UInt64(present.count))]
                let row = rowsOf[cls][Int(rng.next() % UInt64(rowsOf[cls].count))]
                (batch.data + b * f).update(from: x.data + row * f, count: f)
                targets[b] = cls
            }
            opt.setLearningRate(schedule.rate(at: step - 1), group: 0)
            opt.zeroGrad()
            let loss = Tensor.crossEntropy(classifier.logits(standardised: batch), targets: targets)
            loss.backward()
            opt.clipGradientNorm(1)
            opt.update()
            if step == 1 || step % 100 == 0 || step == options.steps { onLog(step, loss.item()) }
        }
        classifier.freezeAll()
        return classifier
    }

    /// Clip-level accuracy on `held` (rows of held-out clips, each clip's probabilities averaged over its rows).
    public static func accuracy(_ classifier: ConceptClassifier, _ held: Features, labels: [Int?]) -> Accuracy {
        let classes = classifier.settings.classes
        let p = classifier.probabilities(held.values)
        let c = classes.count
        var sums: [Int: [Double]] = [:], counts: [Int: Int] = [:], order: [Int] = []
        for (r, clip) in held.owners.enumerated() {
            if sums[clip] == nil { sums[clip] = [Double](repeating: 0, count: c); order.append(clip) }
            for j in 0..<c { sums[clip]![j] += Double(p[r, j]) }
            counts[clip, default: 0] += 1
        }
        var acc = Accuracy(clips: 0, correct: 0, perClass: [:], confusion: Array(repeating: Array(repeating: 0, count: c), count: c),
                           meanTrueProbability: 0)
        for clip in order {
            guard let truth = labels[clip] else { continue }
            let probs = sums[clip]!.map { $0 / Double(counts[clip]!) }
            let predicted = probs.indices.max { probs[$0] < probs[$1] }!
            acc.clips += 1
            acc.confusion[truth][predicted] += 1
            acc.meanTrueProbability += probs[truth]
            var pc = acc.perClass[classes[truth]] ?? [0, 0]
            pc[0] += 1
            if predicted == truth { acc.correct += 1; pc[1] += 1 }
            acc.perClass[classes[truth]] = pc
        }
        acc.meanTrueProbability /= Double(max(acc.clips, 1))
        return acc
    }
}

/// What `ClassifierTraining.run` measured: every candidate on the validation clips, and
/// the chosen one, retrained on training + validation clips, on the test clips.
public struct ClassifierReport: Codable, Sendable {
    public struct Candidate: Codable, Sendable, Equatable {
        public var features: RecognitionFeatures
        public var hidden: Int
        public var validationAccuracy: Double
        public var validationMeanTrueProbability: Double
    }

    public var classes: [String]
    public var trainClips: Int
    public var validationClips: Int
    public var testClips: Int
    public var options: ClassifierTraining.Options
    public var candidates: [Candidate]
    public var chosen: Candidate
    /// The chosen classifier on the test clips.
    public var test: ClassifierTraining.Accuracy
    /// The same, on the test clips the evaluator never trained on either (every 20th clip).
    public var testUnseenByEvaluator: ClassifierTraining.Accuracy
    /// On each held-out corpus (`ClassifierTraining.Source.heldOut`), by name; nil without one.
    public var heldOut: [String: ClassifierTraining.Accuracy]?
}

extension ClassifierTraining {
    /// Trains a classifier per (features, hidden) candidate on the training clips, keeps the one
    /// with the best validation accuracy (then mean true-class probability), retrains it on
    /// training + validation clips and measures it on the test clips. `labels[i]` is clip i's
    /// class index in `classes`, nil to leave the clip out.
    /// `more`: other corpora's labelled clips, training beside the main corpus's or held out (`Source`);
    /// validation and the test clips stay the main corpus's.
    public func run(mels main: MelCache, labels mainLabels: [Int?], more: [Source] = [], classes: [String], kinds: [RecognitionFeatures],
                    hiddens: [Int], evaluator: Evaluator?, evaluatorSHA256: String?, window: Int, silence: Float,
                    log: (String) -> Void = { _ in }) -> (ConceptClassifier, ClassifierReport) {
        precondition(!kinds.isEmpty && !hiddens.isEmpty, "ClassifierTraining.run: no candidate")
        var split = Split.byIndex(labels: mainLabels)
        precondition(!split.train.isEmpty && !split.validation.isEmpty && !split.test.isEmpty, "ClassifierTraining.run: too few labelled clips to split")
        log("clips: \(split.train.count) train, \(split.validation.count) validation, \(split.test.count) test (\(mainLabels.filter { $0 == nil }.count) left out as ambiguous)")
        // The other corpora's clips follow the main corpus's, numbered on from it.
        let mels = more.isEmpty ? main : MelCache.joined([main] + more.map(\.mels))
        let labels = mainLabels + more.flatMap(\.labels)
        var heldOutClips: [(name: String, clips: [Int])] = []
        var first = main.clipCount
        for source in more {
            let clips = source.labels.indices.filter { source.labels[$0] != nil }.map { first + $0 }
            if source.heldOut { heldOutClips.append((source.name, clips)) } else { split.train += clips }
            log("\(source.name): \(clips.count) clips \(source.heldOut ? "held out" : "train")")
            first += source.mels.clipCount
        }
        var candidates: [ClassifierReport.Candidate] = []
        var cached: [RecognitionFeatures: (train: Features, validation: Features, test: Features)] = [:]
        func settings(_ kind: RecognitionFeatures, _ hidden: Int, width: Int) -> ConceptClassifier.Settings {
            ConceptClassifier.Settings(classes: classes, features: kind, featureWidth: width, hidden: hidden, window: window,
                                       evaluatorSHA256: kind.needsEvaluator ? evaluatorSHA256 : nil)
        }
        for kind in kinds {
            let t0 = Date()
            let train = Self.features(mels: mels, clips: split.train, kind: kind, evaluator: evaluator, window: window, hop: options.trainHop, silence: silence)
            let validation = Self.features(mels: mels, clips: split.validation, kind: kind, evaluator: evaluator, window: window, hop: nil, silence: silence)
            let test = Self.features(mels: mels, clips: split.test, kind: kind, evaluator: evaluator, window: window, hop: nil, silence: silence)
            cached[kind] = (train, validation, test)
            log(String(format: "features %@: %d training windows of width %d in %.0f s", kind.rawValue, train.owners.count,
                       train.values.shape[1], Date().timeIntervalSince(t0)))
            for hidden in hiddens {
                let c = self.train(train, labels: labels, settings: settings(kind, hidden, width: train.values.shape[1]))
                let a = Self.accuracy(c, validation, labels: labels)
                let cand = ClassifierReport.Candidate(features: kind, hidden: hidden, validationAccuracy: a.overall,
                                                      validationMeanTrueProbability: a.meanTrueProbability)
                candidates.append(cand)
                log(String(format: "  %@, hidden %d: validation accuracy %.1f %%, mean P(true) %.3f", kind.rawValue, hidden,
                           100 * a.overall, a.meanTrueProbability))
            }
        }
        let chosen = candidates.max {
            ($0.validationAccuracy, $0.validationMeanTrueProbability) < ($1.validationAccuracy, $1.validationMeanTrueProbability)
        }!
        let f = cached[chosen.features]!
        // Retrained on everything but the test clips: validation only served to choose.
        var all = f.train
        let extra = Self.features(mels: mels, clips: split.validation, kind: chosen.features, evaluator: evaluator, window: window,
                                  hop: options.trainHop, silence: silence)
        all.values = Tensor.concat([all.values, extra.values], axis: 0)
        all.owners += extra.owners
        let final = self.train(all, labels: labels, settings: settings(chosen.features, chosen.hidden, width: all.values.shape[1]))
        let test = Self.accuracy(final, f.test, labels: labels)
        let unseenRows = f.test.owners.indices.filter { f.test.owners[$0] % 20 == 0 }
        let unseen = Features(values: Tensor(unseenRows.flatMap { r in (0..<f.test.values.shape[1]).map { f.test.values[r, $0] } },
                                             shape: [unseenRows.count, f.test.values.shape[1]]),
                              owners: unseenRows.map { f.test.owners[$0] })
        var report = ClassifierReport(classes: classes, trainClips: split.train.count + split.validation.count,
                                      validationClips: split.validation.count, testClips: split.test.count, options: options,
                                      candidates: candidates, chosen: chosen, test: test,
                                      testUnseenByEvaluator: Self.accuracy(final, unseen, labels: labels))
        if !heldOutClips.isEmpty {
            report.heldOut = Dictionary(uniqueKeysWithValues: heldOutClips.map { source in
                let held = Self.features(mels: mels, clips: source.clips, kind: chosen.features, evaluator: evaluator, window: window, hop: nil,
                                         silence: silence)
                return (source.name, Self.accuracy(final, held, labels: labels))
            })
        }
        return (final, report)
    }
}
