import ArgumentParser
import Engine
import Foundation
import Model
import Pretraining
import Text
import Training

/// What the pretraining stages share: caches beside the corpus, the text encoder, the codec.
enum PretrainInputs {
    /// Normalised mel frames of a corpus, cached in its `.cache` folder (built once, on both cores).
    static func mels(_ index: CorpusIndex, config: ModelConfiguration) throws -> MelCache {
        let cache = index.folder.appendingPathComponent(".cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        print("corpus: \(index.clips.count) clips; mel frames cached in \(cache.path)")
        return try MelCache.load(index, config: config.spectrogram, cache: cache.appendingPathComponent("mels.safetensors")) { d, n in
            print("  mel \(d)/\(n)")
        }
    }

    /// Every caption of a corpus through the frozen text encoder, cached beside the corpus.
    static func text(_ index: CorpusIndex, encoderFolder: URL?) throws -> TextFeatures {
        try text(index.clips.map(\.caption), cache: index.folder.appendingPathComponent(".cache/text.safetensors"),
                 fingerprint: index.fingerprint, encoderFolder: encoderFolder)
    }

    /// `captions` through the frozen text encoder, cached at `cache` under a key of the captions and the encoder.
    static func text(_ captions: [String], cache url: URL, fingerprint: String? = nil, encoderFolder: URL?) throws -> TextFeatures {
        let folder = encoderFolder ?? TextEncoderFolder.defaultFolder
        let key = "\(fingerprint ?? SHA256.hex(Data(captions.joined(separator: "\n").utf8)))-\(folder.lastPathComponent)"
        if let cached = TextFeatures.load(from: url, key: key) { return cached }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = try TextEncoder(folder: folder)
        print("encoding \(captions.count) captions with \(folder.lastPathComponent)")
        let features = try TextFeatures.build(captions: captions) { batch in
            let e = try encoder.encode(batch)
            return (e.states, e.mask, e.meanPooled())
        }
        try features.save(to: url, key: key)
        return features
    }

    /// The trained codec and the configuration it was trained with (its latent scale included).
    static func codec(_ folder: URL) throws -> (ModelConfiguration, LatentCodec) {
        let cfgURL = folder.appendingPathComponent("config.json"), weights = folder.appendingPathComponent("codec.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw EngineError.io(path: weights.path, reason: "no trained codec; run `dreamstyler pretrain codec` first")
        }
        let config = try ModelConfiguration.load(cfgURL)
        let codec = LatentCodec(config)
        try codec.load(from: weights)
        return (config, codec)
    }

    static func describe(_ outcome: TrainingLoop.Outcome) throws -> Bool {
        switch outcome {
        case .stopped(let s):
            print("stopped at step \(s); continue with --resume")
            throw ExitCode(StopSignal.shared.exitStatus)
        case .diverged(let s, let c):
            throw EngineError.io(path: "training", reason: "diverged at step \(s) (non-finite loss or gradient); the last good checkpoint is step \(c)")
        case .finished:
            return true
        }
    }
}
