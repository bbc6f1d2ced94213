import Engine
import EngineTestSupport
import Foundation
import Generation
import Model
import ModelTestSupport
import Testing

/// `pretrain ship` updating a shipped base with a decoder-only run: the run's decoder replaces the
/// codec's, every other stage is kept byte for byte, and a run whose encoder is not the codec's is
/// refused with one line and nothing written.
@Suite struct ShipDecoderTests {
    /// A run folder as `pretrain codec --decoder-of BASE` leaves one: the encoder of the codec with
    /// `encoderSeed` (TinyBase's is 1), a decoder of its own.
    /// `decoderBlocks`: a decoder grown to that many residual blocks per stage.
    func decoderRun(encoderSeed: UInt64, decoderBlocks: Int? = nil) throws -> URL {
        let run = Fixtures.temporaryFolder("decoder-run")
        let decoderCodec = decoderBlocks.map { LatentCodec(TinyBase.config, seed: 7).growingDecoder(to: $0) } ?? LatentCodec(TinyBase.config, seed: 7)
        try decoderCodec.config.encoded().write(to: run.appendingPathComponent("config.json"))
        try Data(#"{"frozen": "encoder"}"#.utf8).write(to: run.appendingPathComponent("decoder-only.json"))
        let encoder = LatentCodec(TinyBase.config, seed: encoderSeed).namedParameters().filter { $0.name.hasPrefix("encoder.") }
        let decoder = decoderCodec.namedParameters().filter { $0.name.hasPrefix("decoder.") }
        try SafeTensors.write((encoder + decoder).map { ($0.name, $0.parameter.value) }, to: run.appendingPathComponent("codec.safetensors"),
                              metadata: ["l1": "0.04", "steps": "12"])
        return run
    }

    func tensors(_ url: URL) throws -> [String: [Float]] {
        let f = try SafeTensors(contentsOf: url)
        return try Dictionary(uniqueKeysWithValues: f.names.map { ($0, try f.tensor($0).toArray()) })
    }

    @Test func aDecoderOnlyRunReplacesTheDecoderAndKeepsEverythingElse() throws {
        let base = try TinyBase.write(to: Fixtures.temporaryFolder("ship-base").appendingPathComponent("base"))
        try TinyBase.installClassifier(into: base, classes: ["koto", "other"])
        let out = Fixtures.temporaryFolder("ship-out")
        let cli = try Dreamstyler()
        let ship = ["pretrain", "ship", "--out", out.path, "--codec", base.path, "--denoiser", base.path, "--evaluator", base.path,
                    "--classifier", base.path, "--release", "t", "--corpus", "codec=the decoder trained again"]

        // An encoder that is not the codec's: refused before anything is written.
        let wrong = try cli.run(ship + ["--decoder", try decoderRun(encoderSeed: 2).path])
        #expect(wrong.status != 0 && wrong.stderr.contains("its encoder is not the shipped codec's"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("base").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)

        let run = try decoderRun(encoderSeed: 1)
        let done = try cli.run(ship + ["--decoder", run.path])
        #expect(done.status == 0, "\(done.stderr)")
        let shipped = out.appendingPathComponent("base")
        for file in ["denoiser.safetensors", "evaluator.safetensors", "classifier.json", "classifier.safetensors", "config.json"] {
            #expect(FileManager.default.contents(atPath: shipped.appendingPathComponent(file).path)
                    == FileManager.default.contents(atPath: base.appendingPathComponent(file).path), "\(file)")
        }
        let before = try tensors(base.appendingPathComponent("codec.safetensors"))
        let after = try tensors(shipped.appendingPathComponent("codec.safetensors"))
        let trained = try tensors(run.appendingPathComponent("codec.safetensors"))
        #expect(Set(after.keys) == Set(before.keys))
        for (name, values) in after {
            if name.hasPrefix("encoder.") {
                #expect(values == before[name], "\(name) changed")
            } else {
                // The run's decoder, in fp16.
                #expect(zip(values, trained[name]!).allSatisfy { abs($0 - $1) <= 1e-3 * abs($1) + 1e-6 }, "\(name)")
            }
        }
        // Its weights, not the biases (zero at any seed), are another seed's.
        #expect(after.filter { $0.key.hasPrefix("decoder.") && $0.value != before[$0.key] }.count >= 4)
        let manifest = try JSONDecoder().decode(BaseModel.Manifest.self, from: Data(contentsOf: shipped.appendingPathComponent("manifest.json")))
        #expect(manifest.steps["codec_decoder"] == 12 && manifest.steps["classifier"] == 1)
        #expect(manifest.corpus["codec"] == "the decoder trained again" && manifest.version == "t")
        #expect(manifest.metrics["codec_l1"] == 0.04 && manifest.metrics["classifier_test_accuracy"] == 0.5)
        // It loads, every checksum verified.
        #expect(try BaseModel(folder: shipped).manifest?.sha256.count == 5)
    }

    /// A base folder that ships no classifier gives none to keep: the ship goes on without one.
    @Test func aStageTheBaseFolderLacksIsLeftOut() throws {
        let base = try TinyBase.write(to: Fixtures.temporaryFolder("ship-bare").appendingPathComponent("base"))
        let out = Fixtures.temporaryFolder("ship-bare-out")
        let done = try Dreamstyler().run(["pretrain", "ship", "--out", out.path, "--codec", base.path, "--denoiser", base.path,
                                          "--evaluator", base.path, "--classifier", base.path])
        #expect(done.status == 0, "\(done.stderr)")
        let shipped = out.appendingPathComponent("base")
        #expect(!FileManager.default.fileExists(atPath: shipped.appendingPathComponent("classifier.json").path))
        #expect(FileManager.default.contents(atPath: shipped.appendingPathComponent("codec.safetensors").path)
                == FileManager.default.contents(atPath: base.appendingPathComponent("codec.safetensors").path))
    }

    /// A decoder grown deeper ships with the run's configuration, and the shipped codec loads.
    @Test func aGrownDecoderShipsWithItsConfiguration() throws {
        let base = try TinyBase.write(to: Fixtures.temporaryFolder("ship-grown").appendingPathComponent("base"))
        let out = Fixtures.temporaryFolder("ship-grown-out")
        let blocks = TinyBase.config.codec.resBlocksPerStage + 1
        let done = try Dreamstyler().run(["pretrain", "ship", "--out", out.path, "--codec", base.path, "--denoiser", base.path,
                                          "--evaluator", base.path, "--decoder", try decoderRun(encoderSeed: 1, decoderBlocks: blocks).path])
        #expect(done.status == 0, "\(done.stderr)")
        let shipped = out.appendingPathComponent("base")
        let config = try ModelConfiguration.load(shipped.appendingPathComponent("config.json"))
        #expect(config.codec.decoderResBlocks == blocks && config.codec.resBlocksPerStage == TinyBase.config.codec.resBlocksPerStage)
        let codec = LatentCodec(config)
        try codec.load(from: shipped.appendingPathComponent("codec.safetensors"))
        #expect(try tensors(shipped.appendingPathComponent("codec.safetensors")).count == codec.namedParameters().count)
    }
}
