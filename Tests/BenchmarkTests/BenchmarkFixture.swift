import Audio
import Benchmark
import EngineTestSupport
import Foundation
import Generation
import Method
import ModelTestSupport
import TextTestSupport

/// A benchmark of two tones (koto, an instrument; reggae, a genre) over a tiny base model, with
/// the shortest learn and generation that run every step: what the benchmark suites run.
enum BenchmarkFixture {
    static func tone(_ name: String, seconds: Double, hz: Double) throws -> String {
        let path = Fixtures.temporaryFolder("bench-audio").appendingPathComponent(name).path
        let s = (0..<Int(seconds * 16_000)).map { i in 0.3 * Float(sin(2 * .pi * hz * Double(i) / 16_000)) }
        try AudioFile.write(AudioClip(samples: s, sampleRate: 16_000), to: path)
        return path
    }

    static func settings() -> BenchmarkSettings {
        var s = BenchmarkSettings()
        s.learn.steps = 2
        s.learn.batch = 2
        s.learn.frames = 8
        s.learn.maskEpochs = 1
        s.learn.checkpointEvery = 1
        s.clips = 1
        s.generation.seconds = 1
        s.generation.steps = 2
        return s
    }

    static func concepts() throws -> [BenchmarkRunner.Concept] {
        [BenchmarkRunner.Concept(name: "koto", kind: .instrument, train: [try tone("koto.wav", seconds: 11, hz: 440)], evaluation: [try tone("koto-eval.wav", seconds: 3, hz: 440)]),
         BenchmarkRunner.Concept(name: "reggae", kind: .genre, train: [try tone("reggae.wav", seconds: 11, hz: 220)], evaluation: [try tone("reggae-eval.wav", seconds: 3, hz: 220)])]
    }

    /// A runner over a fresh tiny base; `classifier`: the classes of a concept classifier shipped beside its evaluator.
    static func runner(_ folder: URL, settings: BenchmarkSettings? = nil, classifier: [String]? = nil, recognise: Bool = true,
                       log: @escaping (String) -> Void = { _ in }) throws -> BenchmarkRunner {
        let baseFolder = try TinyBase.write(to: Fixtures.temporaryFolder("bench-base"))
        if let classifier { try TinyBase.installClassifier(into: baseFolder, classes: classifier) }
        return try BenchmarkRunner(folder: folder, concepts: try concepts(), prompts: ["slow", "fast"], settings: settings ?? self.settings(),
                                   recognise: recognise, loadModel: { (try BaseModel(folder: baseFolder), try TinyBert.encoder()) }, log: log)
    }
}
