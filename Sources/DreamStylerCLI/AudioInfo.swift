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

        func run() throws {
            var failed = false
            for path in files {
                do {
                    let h = try AudioFile.info(path)
                    var frames = 0
                    let (_, levels) = try AudioFile.stream(path) { frames += $0.count }
                    print("\(path)")
                    print("  format    \(h.format), \(h.encoding)")
                    print("  rate      \(h.sampleRate) Hz, \(h.channels) channel\(h.channels == 1 ? "" : "s")")
                    print(String(format: "  duration  %.2f s (%d frames)", h.duration, frames))
                    print(String(format: "  peak      %.1f dBFS", AudioClip.dBFS(levels.peak)))
                    print(String(format: "  RMS       %.1f dBFS", AudioClip.dBFS(levels.rms)))
                    print("  clipping  " + (levels.isClipped ? "yes — \(levels.clippedSamples) samples in full-scale runs" : "none"))
                } catch {
                    printError(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
