import Audio
import Engine
import Foundation

/// `dreamstyler bench audio`: reading + resampling speed, mel analysis speed, and
/// the vocoder's round trip (quality and speed) on music files.
public struct AudioBenchmark {
    public struct FileResult: Codable, Sendable {
        public var file: String
        public var sourceRate: Int
        public var channels: Int
        public var seconds: Double
        /// Decode + down-mix + resample to 16 kHz, × real time.
        public var readRealTime: Double
        /// STFT + mel + log, × real time.
        public var melRealTime: Double
        public var roundTrip: RoundTrip
    }

    public struct Report: Codable, Sendable {
        public var vocoder: String
        public var files: [FileResult]
    }

    public var vocoder: Vocoder

    public init(vocoder: Vocoder = Vocoder()) { self.vocoder = vocoder }

    public func run(files: [String]) throws -> Report {
        let analysis = MelSpectrogram()
        var results: [FileResult] = []
        for path in files {
            let info = try AudioFile.info(path)
            var clip = AudioClip(samples: [], sampleRate: 16_000)
            let readTime = try Stopwatch.median(warmup: 0, repeats: 3) {
                clip = (try AudioFile.read(path, normalization: .rms(-20))).clip
            }
            let melTime = Stopwatch.median(warmup: 1, repeats: 5) { _ = analysis.normalized(clip.samples) }
            let (rt, _) = RoundTrip.measure(clip, vocoder: vocoder, analysis: analysis)
            results.append(FileResult(file: path, sourceRate: info.sampleRate, channels: info.channels, seconds: clip.duration,
                                      readRealTime: clip.duration / readTime, melRealTime: clip.duration / melTime, roundTrip: rt))
        }
        let g = vocoder.griffinLim
        return Report(vocoder: "\(vocoder.inversion.rawValue) + fast Griffin-Lim, \(g.iterations) iterations, momentum \(g.momentum)",
                      files: results)
    }
}
