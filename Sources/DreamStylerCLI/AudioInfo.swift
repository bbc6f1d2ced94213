import ArgumentParser
import Audio
import Foundation

extension DreamStyler {
    struct AudioInfo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Format, rate, channels, duration, peak, RMS and clipping of audio files.")

        @Argument(help: "Audio files.")
        var files: [String]

        @Flag(help: "Header only, one line per file: path, seconds, rate, channels, tab-separated (for scripts; nothing is decoded).")
        var tsv = false

        func run() throws {
            var failed = false
            for path in files {
                do {
                    if tsv {
                        let h = try AudioFile.info(path)
                        guard h.frames > 0 else { throw AudioError.noAudio(path: path) }
                        print("\(path)\t" + String(format: "%.3f", h.duration) + "\t\(h.sampleRate)\t\(h.channels)")
                        continue
                    }
                    let h = try AudioFile.info(path)
                    var frames = 0, nonFinite = 0
                    let (_, levels) = try AudioFile.stream(path) { chunk in
                        frames += chunk.count
                        nonFinite += chunk.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
                    }
                    print("\(path)")
                    print("  format    \(h.format), \(h.encoding)")
                    print("  rate      \(h.sampleRate) Hz, \(h.channels) channel\(h.channels == 1 ? "" : "s")")
                    print(String(format: "  duration  %.2f s (%d frames)", h.duration, frames))
                    print(String(format: "  peak      %.1f dBFS", AudioClip.dBFS(levels.peak)))
                    print(String(format: "  RMS       %.1f dBFS", AudioClip.dBFS(levels.rms)))
                    print("  clipping  " + (levels.isClipped ? "yes — \(levels.clippedSamples) samples in full-scale runs" : "none"))
                    // Float files can hold NaN or ±inf; peak and RMS above mean nothing then, and every other command refuses the file.
                    if nonFinite > 0 { printError("warning: \(path): \(nonFinite) NaN or infinite samples; the levels above are meaningless") }
                } catch {
                    printError(String(describing: error))
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
