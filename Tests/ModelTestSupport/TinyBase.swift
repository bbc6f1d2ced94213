import Engine
import Foundation
import Generation
import Model
import SpectrogramSettings
import Text
import TextTestSupport

/// A whole (tiny, random) base model written the way `pretrain ship` writes one.
public enum TinyBase {
    public static var config: ModelConfiguration { .tiny(textHiddenSize: TinyBert.configuration.hiddenSize) }

    public static func write(to folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let c = config
        try c.encoded().write(to: folder.appendingPathComponent("config.json"))
        try LatentCodec(c, seed: 1).save(to: folder.appendingPathComponent("codec.safetensors"), dtype: .f16)
        try UNet1D(c, seed: 2).save(to: folder.appendingPathComponent("denoiser.safetensors"), dtype: .f16)
        try Evaluator(c, seed: 3).save(to: folder.appendingPathComponent("evaluator.safetensors"), dtype: .f16)
        var hashes: [String: String] = [:]
        for f in ["codec", "denoiser", "evaluator"] {
            hashes["\(f).safetensors"] = try SHA256.hex(fileAt: folder.appendingPathComponent("\(f).safetensors"))
        }
        let m = BaseModel.Manifest(createdAt: "test", corpus: [:], steps: [:], finalLosses: [:], metrics: [:], sha256: hashes, reproduce: "test")
        try JSONEncoder().encode(m).write(to: folder.appendingPathComponent("manifest.json"))
        return folder
    }

    /// Ships an untrained (seeded) concept classifier over the evaluator in `folder`, the way
    /// `pretrain ship` installs a trained one: what recognition is tested with, for its
    /// bookkeeping rather than its accuracy.
    public static func installClassifier(into folder: URL, classes: [String], features: RecognitionFeatures = .embedding) throws {
        let hash = try SHA256.hex(fileAt: folder.appendingPathComponent("evaluator.safetensors"))
        let width = features == .embedding ? Evaluator.Settings().embedding : 3 * config.spectrogram.melBands
        let c = ConceptClassifier(.init(classes: classes, features: features, featureWidth: width, hidden: 8, evaluatorSHA256: hash), seed: 5)
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("classifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: run) }
        try c.save(into: run)
        try BaseModel.installClassifier(from: run, into: folder, steps: 1, metrics: ["classifier_test_accuracy": 0.5])
    }
}

