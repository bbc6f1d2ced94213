import Engine
import Foundation
import Model
import Training

/// A codec on disk: a finished run or a base model (config.json + codec.safetensors),
/// or a run still training (config.json + its newest checkpoint), so the report
/// can compare against a v2 that has not finished.
public enum CodecFolder {
    public static func load(_ dir: URL) throws -> (ModelConfiguration, LatentCodec, String) {
        let cfgURL = dir.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: cfgURL.path) else {
            throw EngineError.io(path: cfgURL.path, reason: "no codec configuration (config.json)")
        }
        let config = try ModelConfiguration.load(cfgURL)
        let codec = LatentCodec(config)
        let shipped = dir.appendingPathComponent("codec.safetensors")
        let describe = "channels \(config.codec.channels.map(String.init).joined(separator: ",")), \(config.codec.resBlocksPerStage) res/stage\(config.codec.decoderResBlocksPerStage.map { " (decoder \($0))" } ?? ""), \(codec.parameterCount) parameters"
        if FileManager.default.fileExists(atPath: shipped.path) {
            try codec.load(from: shipped)
            return (config, codec, "\(dir.lastPathComponent)/codec.safetensors, \(describe)")
        }
        let checkpoints = TrainingCheckpoint(folder: dir.appendingPathComponent("checkpoints"))
        guard let latest = checkpoints.latest else {
            throw EngineError.io(path: dir.path, reason: "neither codec.safetensors nor a checkpoint")
        }
        // An adversarial run's checkpoint also holds its critic, which is no part of the codec.
        try codec.load(from: SafeTensors(contentsOf: latest.appendingPathComponent("model.safetensors"))) { $0.hasPrefix("critic.") ? nil : $0 }
        return (config, codec, "checkpoint \(latest.lastPathComponent) (training), \(describe)")
    }
}
