import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import Testing

/// The concept classifier's training on a small synthetic problem whose answer is known:
/// three classes of "mel" clips, each with its own band lit up over noise.
@Suite struct ClassifierTrainingTests {
    static let classes = ["low", "high", "other"]
    static let window = 32

    /// 60 clips of 80 frames × 80 bands; clip i has class i % 3: a bump in bands 10–19 (low),
    /// 50–59 (high) or none (other), over noise that is louder than the bump's mean shift per frame.
    static func corpus(seed: UInt64 = 7) -> (MelCache, [Int?]) {
        var rng = SeededGenerator(seed: seed)
        var clips: [Tensor] = [], labels: [Int?] = [], offsets = [0]
        for i in 0..<60 {
            let cls = i % 3
            let t = Tensor.randn([80, 80], std: 0.5, mean: -0.5, using: &rng)
            let band = cls == 0 ? 10..<20 : cls == 1 ? 50..<60 : 0..<0
            for f in 0..<80 { for k in band { t.data[f * 80 + k] += 0.4 } }
            clips.append(t)
            labels.append(cls)
            offsets.append(offsets.last! + 80)
        }
        // An unlabelled clip (ambiguous in a real corpus): never trained on, never scored.
        labels[7] = nil
        return (MelCache(frames: Tensor.concat(clips, axis: 0), offsets: offsets), labels)
    }

    static func options(seed: UInt64 = 4) -> ClassifierTraining.Options {
        var o = ClassifierTraining.Options()
        o.steps = 150; o.batch = 32; o.hidden = 16; o.trainHop = 16; o.seed = seed; o.learningRate = 3e-3
        return o
    }

    static func train(seed: UInt64 = 4) -> (ConceptClassifier, ClassifierTraining.Features, [Int?], [Float]) {
        let (mels, labels) = corpus()
        let split = ClassifierTraining.Split.byIndex(labels: labels)
        let trainFeatures = ClassifierTraining.features(mels: mels, clips: split.train, kind: .melStats, evaluator: nil, window: window,
                                                        hop: 16, silence: -1)
        let test = ClassifierTraining.features(mels: mels, clips: split.test, kind: .melStats, evaluator: nil, window: window,
                                               hop: nil, silence: -1)
        let settings = ConceptClassifier.Settings(classes: classes, features: .melStats, featureWidth: trainFeatures.values.shape[1],
                                                  hidden: 16, window: window)
        var losses: [Float] = []
        let c = ClassifierTraining(options: options(seed: seed)).train(trainFeatures, labels: labels, settings: settings) { _, l in losses.append(l) }
        return (c, test, labels, losses)
    }

    @Test func splitHoldsOutWholeClipsAndLeavesUnlabelledOnesOut() {
        let labels: [Int?] = (0..<100).map { $0 == 41 ? nil : $0 % 4 }
        let s = ClassifierTraining.Split.byIndex(labels: labels)
        #expect(s.test == Array(stride(from: 0, to: 100, by: 5)))
        #expect(s.validation == [1, 11, 21, 31, 51, 61, 71, 81, 91])
        #expect(Set(s.train).isDisjoint(with: s.test) && Set(s.train).isDisjoint(with: s.validation))
        #expect(s.train.count + s.validation.count + s.test.count == 99 && !s.train.contains(41))
        // The evaluator's own held-out clips (every 20th) are all test clips.
        #expect(stride(from: 0, to: 100, by: 20).allSatisfy { s.test.contains($0) })
    }

    @Test func trainingConvergesOnASyntheticProblem() {
        let (c, test, labels, losses) = Self.train()
        let untrained = ConceptClassifier(c.settings, seed: 4)
        untrained.fitStandardisation(test.values)
        let before = ClassifierTraining.accuracy(untrained, test, labels: labels)
        let after = ClassifierTraining.accuracy(c, test, labels: labels)
        #expect(after.clips == 12 && after.overall >= 0.9, "held-out accuracy \(after.overall)")
        #expect(after.meanTrueProbability > 0.7)
        #expect(after.overall > before.overall)
        #expect(losses.last! < 0.5 * losses.first!, "loss \(losses.first!) → \(losses.last!)")
        #expect(after.confusion.joined().reduce(0, +) == after.clips)
    }

    @Test func sameSeedSameWeightsOtherSeedOtherWeights() {
        let a = Self.train(seed: 9).0, b = Self.train(seed: 9).0, c = Self.train(seed: 10).0
        let wa = a.namedParameters().map { $0.parameter.value.toArray() }
        #expect(wa == b.namedParameters().map { $0.parameter.value.toArray() })
        #expect(wa != c.namedParameters().map { $0.parameter.value.toArray() })
    }

    @Test func runChoosesByValidationAndReportsTheTestClips() {
        let (mels, labels) = Self.corpus()
        var o = Self.options()
        o.steps = 60
        let (c, report) = ClassifierTraining(options: o).run(mels: mels, labels: labels, classes: Self.classes, kinds: [.melStats],
                                                              hiddens: [0, 8], evaluator: nil, evaluatorSHA256: nil, window: Self.window,
                                                              silence: -1)
        #expect(report.candidates.count == 2 && report.candidates.contains(report.chosen))
        #expect(c.settings.hidden == report.chosen.hidden && c.settings.evaluatorSHA256 == nil)
        #expect(report.testClips == 12 && report.test.clips == 12)
        // Clips 0, 20 and 40 are the test clips the evaluator never saw.
        #expect(report.testUnseenByEvaluator.clips == 3)
        #expect(ClassifierReportTable.markdown(report).contains("| low |"))
    }

    @Test func joinedCachesNumberTheirClipsOnAndSubsetsKeepTheChosenOnes() {
        let (mels, _) = Self.corpus()
        let a = mels.subset([3, 1]), b = mels.subset([5])
        let j = MelCache.joined([a, b])
        #expect(j.clipCount == 3 && j.offsets == [0, 80, 160, 240])
        for (k, c) in [3, 1, 5].enumerated() {
            #expect(j.frames.narrow(axis: 0, start: j.offsets[k], length: 80).toArray()
                    == mels.frames.narrow(axis: 0, start: mels.offsets[c], length: 80).toArray())
        }
    }

    @Test func otherCorporaTrainOrAreHeldOutWhole() {
        let (mels, labels) = Self.corpus()
        var o = Self.options()
        o.steps = 60
        // A second "soundfont": the same classes with the bump one band higher; 9 clips, one unlabelled.
        let (other, otherLabels) = Self.corpus(seed: 8)
        let shifted = Tensor(uninitializedShape: other.frames.shape)
        let n = other.frames.shape[0], m = other.frames.shape[1]
        for f in 0..<n { for k in 0..<m { shifted.data[f * m + k] = other.frames.data[f * m + (k + m - 1) % m] } }
        let moved = MelCache(frames: shifted, offsets: other.offsets).subset(Array(0..<9))
        let run = { (more: [ClassifierTraining.Source]) in
            ClassifierTraining(options: o).run(mels: mels, labels: labels, more: more, classes: Self.classes, kinds: [.melStats], hiddens: [8],
                                               evaluator: nil, evaluatorSHA256: nil, window: Self.window, silence: -1)
        }
        let held = run([.init(name: "moved", mels: moved, labels: Array(otherLabels.prefix(9)), heldOut: true)]).1
        let plain = run([]).1
        // Held out: measured on its 8 labelled clips (clip 7 has none), nothing added to training, the main test unchanged.
        #expect(held.heldOut?["moved"]?.clips == 8 && held.trainClips == plain.trainClips && plain.heldOut == nil)
        #expect(held.test == plain.test)
        let trained = run([.init(name: "moved", mels: moved, labels: Array(otherLabels.prefix(9)), heldOut: false)]).1
        #expect(trained.trainClips == plain.trainClips + 8 && trained.heldOut == nil)
        #expect(ClassifierReportTable.markdown(held).contains("### Held-out corpus moved"))
    }

    @Test func savedClassifierReadsBackWithTheSameAnswers() throws {
        let (c, test, _, _) = Self.train()
        let folder = Fixtures.temporaryFolder("classifier")
        try c.save(into: folder)
        let back = try #require(try ConceptClassifier.load(from: folder))
        #expect(back.settings == c.settings)
        let p = c.probabilities(test.values), q = back.probabilities(test.values)
        // fp16 on disk: close, not equal.
        #expect(zip(p.toArray(), q.toArray()).allSatisfy { abs($0 - $1) < 1e-2 })
        #expect(try ConceptClassifier.load(from: folder.appendingPathComponent("nothing")) == nil)
    }

    @Test func windowsCoverTheWholeClip() {
        let mel = Tensor((0..<(70 * 2)).map(Float.init), shape: [70, 2])
        let w = ConceptClassifier.windows(mel, length: 32, silence: -9)
        #expect(w.shape == [3, 32, 2])
        #expect(w[0, 0, 0] == 0 && w[2, 31, 1] == Float(69 * 2 + 1))
        let short = ConceptClassifier.windows(mel.narrow(axis: 0, start: 0, length: 10).copy(), length: 32, silence: -9)
        #expect(short.shape == [1, 32, 2] && short[0, 9, 1] == 19 && short[0, 10, 0] == -9)
    }
}
