import Engine
import Foundation
import Generation
import Model
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
}

