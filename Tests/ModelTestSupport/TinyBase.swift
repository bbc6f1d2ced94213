import Engine
import Foundation
import Generation
import Model
import TextTestSupport

/// A whole (tiny, random) base model written the way `pretrain ship` writes one.
public enum TinyBase {
    public static var config: ModelConfiguration {
        var c = ModelConfiguration()
        c.codec.channels = [16, 16]
        c.codec.latentChannels = 4
        c.codec.groups = 4
        c.codec.latentScale = 2
        c.denoiser.channels = [16, 24]
        c.denoiser.attention = [false, true]
        c.denoiser.resBlocksPerLevel = 1
        c.denoiser.heads = 2
        c.denoiser.timeChannels = 32
        c.denoiser.groups = 4
        c.text.hiddenSize = TinyBert.configuration.hiddenSize
        return c
    }

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

