import Audio
import EngineTestSupport
import Foundation
import Generation
import Method
import ModelTestSupport
import TextTestSupport
import Training
import Workspace

/// A workspace over a data folder of its own, with a tiny base model, a tiny BERT and a reference
/// tone: what both front ends' tests learn, generate and edit in.
public struct WorkspaceSandbox: Sendable {
    public let data: URL
    public let workspace: Workspace
    public let tone: String

    /// `classifier`: the classes of a concept classifier shipped in the base folder (none: no classifier).
    public init(classifier: [String]? = nil) throws {
        data = Fixtures.temporaryFolder("workspace").appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let base = try TinyBase.write(to: Fixtures.temporaryFolder("workspace-base"))
        if let classifier { try TinyBase.installClassifier(into: base, classes: classifier) }
        let text = try TinyBert.write(to: Fixtures.temporaryFolder("workspace-text"))
        workspace = try Workspace(dataFolder: data, baseFolder: base, textFolder: text)
        let samples = (0..<(11 * 16_000)).map { i in 0.3 * Float(sin(2 * .pi * 330 * Double(i) / 16_000)) }
        tone = Fixtures.temporaryFolder("workspace-audio").appendingPathComponent("tone.wav").path
        try AudioFile.write(AudioClip(samples: samples, sampleRate: 16_000), to: tone)
    }

    /// The shortest learn that writes a delta.
    public static var quickLearn: LearnOptions {
        var o = LearnOptions()
        o.maskEpochs = 1; o.steps = 4; o.batch = 2; o.frames = 8; o.checkpointEvery = 2
        return o
    }

    /// The quickest generation that writes a clip.
    public static var quickClip: GenerationSettings {
        var s = GenerationSettings()
        s.seconds = 1; s.steps = 2
        return s
    }

    public func learn(_ name: String) throws {
        _ = try workspace.learn([.init(name: name, kind: .instrument, files: [tone])], options: Self.quickLearn, sampleEvery: 0, stop: StopSignal())
    }
}
