import Audio
import Foundation

/// Loads several corpus sources into one weighted sampler. Each corpus folder's
/// mel frames are cached (fp16) in its own `.cache/mels.safetensors`, the file the
/// single-corpus stages use too, so a folder is analysed once whichever stage
/// reads it first; in memory only one folder is float32 at a time.
public enum MultiCorpus {
    public static func load(_ sources: [CorpusSource], spectrogram: SpectrogramConfig,
                            log: (String) -> Void = { _ in }) throws -> WeightedMels {
        var loaded: [WeightedMels.Source] = []
        for source in sources {
            var mels = CompactMels(bands: spectrogram.melBands)
            for folder in source.folders {
                let index = try CorpusIndex(folder: folder)
                let cache = folder.appendingPathComponent(".cache")
                try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
                log("  \(folder.path): \(index.clips.count) clips")
                // A scope of its own, so the float32 frames are freed before the next folder loads.
                do {
                    let full = try MelCache.load(index, config: spectrogram, cache: cache.appendingPathComponent("mels.safetensors")) { d, n in
                        if d % 500 == 0 { log("    mel \(d)/\(n)") }
                    }
                    mels.append(full)
                }
            }
            let hours = Double(mels.frameCount) * Double(spectrogram.hop) / Double(spectrogram.sampleRate) / 3600
            log(String(format: "source %@: %d clips, %.1f h, weight %g, %.0f MB fp16", source.name, mels.clipCount, hours,
                       source.weight, Double(mels.byteCount) / 1e6))
            loaded.append(.init(name: source.name, weight: source.weight, mels: mels))
        }
        return WeightedMels(loaded)
    }
}
