import Audio
import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import Testing
import Training

/// The learned vocoder: it can fit a clip, its training resumes exactly, its
/// configuration round-trips, and the crops it trains on are seeded.
@Suite(.serialized) struct VocoderTests {
    /// A small network at the product's analysis (n_fft 1024, hop 256), so the head and iSTFT are the real ones.
    static var tiny: VocoderConfiguration {
        var c = VocoderConfiguration()
        c.channels = 32; c.blocks = 2; c.expansion = 2
        return c
    }

    /// A harmonic tone with a second voice that comes and goes: music-like, seeded noise floor.
    static func tone(_ n: Int, seed: UInt64 = 1) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { i in
            let t = Double(i) / 16_000
            var v = 0.0
            for h in 1...4 { v += sin(2 * .pi * 220 * Double(h) * t) / Double(h) }
            v += 0.5 * sin(2 * .pi * 660 * t) * (t.truncatingRemainder(dividingBy: 0.25) < 0.125 ? 1 : 0)
            return Float(0.1 * v) + 0.001 * (rng.nextUniform() - 0.5)
        }
    }

    @Test func outputLengthIsTheSignalWhoseSTFTHasTheGivenFrames() {
        let v = MelVocoder(Self.tiny, seed: 1)
        let y = noGrad { v(Tensor.zeros([2, 9, 80])) }
        #expect(y.shape == [2, 8 * 256])
        #expect(y.isFinite)
        #expect(v.waveform(normalizedMel: Tensor.zeros([5, 80])).count == 4 * 256)
    }

    @Test func aTinyVocoderOverfitsOneClip() {
        let n = 8_192
        let target = Tensor(Self.tone(n), shape: [1, n])
        let v = MelVocoder(Self.tiny, seed: 2)
        let loss = VocoderLoss(spectrogram: Self.tiny.spectrogram)
        let mel = loss.normalizedMel(target)
        #expect(mel.shape == [1, 33, 80])
        let opt = AdamW(groups: [.init("v", learningRate: 3e-3, weightDecay: 0, parameters: v.namedParameters())], beta1: 0.8, beta2: 0.99)
        var losses: [Float] = []
        for _ in 0..<40 {
            opt.zeroGrad()
            let (total, _) = loss(v(mel), target)
            total.backward()
            _ = opt.clipGradientNorm(1)
            opt.update()
            losses.append(total.item())
        }
        let first = losses[0], last = losses.suffix(5).reduce(0, +) / 5
        print("overfit: loss \(first) → \(last) (×\(first / last))")
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(last < first / 2.5, "loss \(first) → \(last)")
    }

    func audio() -> WeightedAudio {
        var a = CompactAudio(), b = CompactAudio()
        a.append(Self.tone(12_000, seed: 3)); a.append(Self.tone(3_000, seed: 4))
        b.append(Self.tone(9_000, seed: 5).map { $0 * 0.5 })
        return WeightedAudio([.init(name: "a", weight: 1, audio: a), .init(name: "b", weight: 2, audio: b)])
    }

    func stage(steps: Int) -> VocoderPretraining {
        var o = VocoderPretraining.Options()
        o.steps = steps; o.batch = 2; o.samples = 2_048; o.checkpointEvery = 3; o.seed = 9; o.logEvery = 1; o.learningRate = 1e-3
        return VocoderPretraining(config: Self.tiny, options: o)
    }

    @Test func stoppedAndResumedTrainingIsBitIdentical() throws {
        let data = audio()
        let straightDir = Fixtures.temporaryFolder("vocoder-straight"), splitDir = Fixtures.temporaryFolder("vocoder-split")
        let (done, a) = try stage(steps: 6).run(audio: data, folder: straightDir, resume: false, stop: StopSignal())
        #expect(done == .finished(step: 6))
        let stop = StopSignal()
        let (stopped, _) = try stage(steps: 6).run(audio: data, folder: splitDir, resume: false, stop: stop) { p in
            if p.entry.step == 4 { stop.request() }
        }
        #expect(stopped == .stopped(step: 4))
        let (resumed, b) = try stage(steps: 6).run(audio: data, folder: splitDir, resume: true, stop: StopSignal())
        #expect(resumed == .finished(step: 6))
        for ((n, p), (_, q)) in zip(a.namedParameters(), b.namedParameters()) { #expect(p.value.toArray() == q.value.toArray(), "\(n)") }
        #expect(LossLog.read(straightDir.appendingPathComponent("loss.jsonl")).map(\.loss)
                == LossLog.read(splitDir.appendingPathComponent("loss.jsonl")).map(\.loss))
        // The run in progress can be loaded for a report, and a finished save round-trips.
        let (fromCheckpoint, note) = try VocoderFolder.load(splitDir)
        #expect(note.hasPrefix("checkpoint"))
        #expect(fromCheckpoint.namedParameters().map { $0.parameter.value.toArray() } == b.namedParameters().map { $0.parameter.value.toArray() })
        try b.save(folder: splitDir)
        let loaded = try MelVocoder.load(folder: splitDir)
        #expect(loaded.config == Self.tiny)
        let mel = Tensor.zeros([6, 80])
        #expect(loaded.waveform(normalizedMel: mel) == b.waveform(normalizedMel: mel))
    }

    @Test func configurationRoundTripsAndRefusesBadSizes() throws {
        var c = VocoderConfiguration()
        c.channels = 384; c.blocks = 6
        let dir = Fixtures.temporaryFolder("vocoder-config")
        let url = dir.appendingPathComponent("vocoder.json")
        try c.encoded().write(to: url)
        #expect(try VocoderConfiguration.load(url) == c)
        #expect(String(decoding: try c.encoded(), as: UTF8.self).contains("\"max_log_magnitude\""))
        c.kernel = 4
        #expect(throws: VocoderConfiguration.Failure.self) { try c.check() }
        #expect(throws: EngineError.self) { try MelVocoder.load(folder: Fixtures.temporaryFolder("vocoder-empty")) }
    }

    @Test func cropsAreSeededAndInt16Faithful() {
        let data = audio()
        var r1 = SeededGenerator(seed: 5), r2 = SeededGenerator(seed: 5)
        let x = data.randomCrops(4, samples: 1_000, rng: &r1), y = data.randomCrops(4, samples: 1_000, rng: &r2)
        #expect(x.toArray() == y.toArray())
        var one = CompactAudio()
        let s = Self.tone(500)
        one.append(s)
        var rng = SeededGenerator(seed: 1)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 800)
        defer { out.deallocate() }
        one.randomCrop(samples: 800, rng: &rng, into: out)
        #expect(maxAbsDifference(Array(UnsafeBufferPointer(start: out, count: 500)), s) <= 1 / 32767)
        #expect(Array(UnsafeBufferPointer(start: out + 500, count: 300)).allSatisfy { $0 == 0 })
    }

    @Test func lossIsZeroForAPerfectReconstructionAndPositiveOtherwise() {
        let x = Tensor(Self.tone(4_096), shape: [1, 4_096])
        let loss = VocoderLoss(spectrogram: SpectrogramConfig())
        let (same, parts) = noGrad { loss(x, x) }
        #expect(same.item() == 0 && parts.spectralConvergence == 0)
        let (other, p2) = noGrad { loss(x * 0.5, x) }
        // Half the amplitude: |ln 0.5| in every log-magnitude bin above the floor, ln 0.25 in mel power.
        #expect(p2.melL1 > 0.3 && p2.melL1 <= Double(logf(4)) + 1e-3)
        #expect(other.item() > 0)
    }

    /// A backward pass must not read buffers its forward pass let go of: the pool hands them
    /// to the next allocation, so gradients then depend on what else was allocated (found in the
    /// depthwise convolution, whose per-tap weights were freed before its backward).
    @Test func gradientsDoNotDependOnWhetherGradientBuffersExist() {
        var rng = SeededGenerator(seed: 3)
        let target = Tensor.randn([2, 2048], std: 0.1, using: &rng)
        let v = MelVocoder(Self.tiny, seed: 2)
        let loss = VocoderLoss(spectrogram: Self.tiny.spectrogram)
        func grads() -> [[Float]] {
            let (total, _) = loss(v(loss.normalizedMel(target)), target)
            total.backward()
            return v.namedParameters().map { $0.parameter.value.grad!.toArray() }
        }
        let a = grads()
        for (_, p) in v.namedParameters() { p.value.grad!.fill(0) }
        let b = grads()
        let names = v.namedParameters().map(\.name)
        let diff = zip(names, zip(a, b)).filter { $0.1.0 != $0.1.1 }.map { "\($0.0) \(maxAbsDifference($0.1.0, $0.1.1))" }
        #expect(diff.isEmpty, "\(diff)")
    }

    /// The decoded corpus audio is stored once per run and read back by a resumed run;
    /// a stale key or a damaged file is decoded again, and a stop while decoding ends the load.
    @Test func corpusAudioIsCachedPerKey() throws {
        let root = Fixtures.temporaryFolder("vocoder-cache")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus.appendingPathComponent("clips"), withIntermediateDirectories: true)
        var manifest = ""
        for i in 0..<5 {
            try AudioFile.write(AudioClip(samples: Self.tone(4_000 + 1_000 * i, seed: UInt64(i)), sampleRate: 16_000),
                                to: corpus.appendingPathComponent("clips/\(i).wav").path)
            manifest += "{\"file\":\"clips/\(i).wav\",\"caption\":\"\"}\n"
        }
        try Data(manifest.utf8).write(to: corpus.appendingPathComponent("manifest.jsonl"))
        let sources = [CorpusSource(name: "c", folders: [corpus], weight: 1)]
        let cache = root.appendingPathComponent("audio-cache"), file = cache.appendingPathComponent("audio-0.i16")
        func load(seed: UInt64 = 1, stop: StopSignal = StopSignal()) throws -> ([Float], [String]) {
            var lines: [String] = []
            let a = try MultiCorpusAudio.load(sources, sampleRate: 16_000, hoursPerSource: 1, seed: seed, cache: cache, stop: stop) { lines.append($0) }
            var rng = SeededGenerator(seed: 4)
            return (a.randomCrops(3, samples: 3_000, rng: &rng).toArray(), lines)
        }
        let (first, log1) = try load()
        #expect(FileManager.default.fileExists(atPath: file.path) && !log1.joined().contains("read from"))
        let (again, log2) = try load()
        #expect(again == first && log2.joined().contains("read from"))
        // Another seed is another subset order: the stored file is not used for it.
        let (_, log3) = try load(seed: 2)
        #expect(!log3.joined().contains("read from"))
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count - 7).write(to: file)
        let (damaged, log4) = try load(seed: 2)
        let rewritten = try Data(contentsOf: file)
        #expect(!log4.joined().contains("read from") && rewritten == bytes && !damaged.isEmpty)
        try FileManager.default.removeItem(at: cache)
        let stop = StopSignal()
        stop.request()
        #expect(throws: MultiCorpusAudio.Stopped.self) { try load(stop: stop) }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    /// Fine-tuning starts from the given vocoder's weights, and with a codec the vocoder
    /// trains on the codec's round trip of each crop's mel.
    @Test func fineTuningStartsFromItsVocoderAndCanHearTheCodec() throws {
        let data = audio()
        let (_, trained) = try stage(steps: 6).run(audio: data, folder: Fixtures.temporaryFolder("vocoder-start"), resume: false, stop: StopSignal())
        var still = stage(steps: 1)
        still.options.learningRate = 1e-12
        let (_, tuned) = try still.run(audio: data, folder: Fixtures.temporaryFolder("vocoder-tuned"), resume: false, stop: StopSignal(), start: trained)
        let (_, fresh) = try still.run(audio: data, folder: Fixtures.temporaryFolder("vocoder-fresh"), resume: false, stop: StopSignal())
        for ((name, a), (_, b)) in zip(trained.namedParameters(), tuned.namedParameters()) {
            #expect(maxAbsDifference(a.value.toArray(), b.value.toArray()) < 1e-6, "\(name) does not start from the given vocoder")
        }
        #expect(zip(trained.namedParameters(), fresh.namedParameters()).contains { $0.1.value.toArray() != $1.1.value.toArray() })

        var withCodec = stage(steps: 2)
        withCodec.options.samples = 7 * 256  // 8 mel frames: a multiple of the codec's 4
        let codec = LatentCodec(ModelConfiguration())
        var losses: [Double] = []
        let (done, _) = try withCodec.run(audio: data, folder: Fixtures.temporaryFolder("vocoder-codec"), resume: false, stop: StopSignal(),
                                          start: trained, codec: codec) { losses.append($0.entry.loss) }
        #expect(done == .finished(step: 2) && !losses.isEmpty && losses.allSatisfy(\.isFinite))
    }
}
