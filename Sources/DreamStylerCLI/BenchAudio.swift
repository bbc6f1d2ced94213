import ArgumentParser
import Audio
import Bench
import Foundation

extension DreamStyler {
    struct BenchAudio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audio",
            abstract: "Speed of reading and mel analysis, and the vocoder's round-trip quality, on music.",
            discussion: """
            For each file: decode + down-mix + resample to 16 kHz mono (× real time), STFT + \
            80-band log-mel (× real time), and audio → mel → vocoder → audio → mel with spectral \
            convergence and log-spectral distance. Without files, the FLAC recordings in Samples/ are used.
            """)

        @Argument(help: "Music files (default: Samples/*.flac).")
        var files: [String] = []

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Option(parsing: .unconditional, help: "Griffin-Lim iterations.")
        var iterations = 32

        func validate() throws {
            try InputChecks.int(iterations, "--iterations", in: 1...1000)
        }

        func run() throws {
            try reportingErrors {
                var list = files
                if list.isEmpty {
                    let samples = URL(fileURLWithPath: "Samples")
                    list = ((try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? [])
                        .filter { $0.hasSuffix(".flac") }.sorted().map { samples.appendingPathComponent($0).path }
                    if list.isEmpty { throw ValidationError("no music given and no Samples/*.flac here; pass files to measure") }
                }
                let report = try AudioBenchmark(vocoder: Vocoder(griffinLim: GriffinLim(iterations: iterations))).run(files: list)
                if json {
                    try printJSON(report)
                    return
                }
                print("vocoder  \(report.vocoder)")
                for f in report.files {
                    let r = f.roundTrip
                    print("\(f.file)  (\(f.sourceRate) Hz, \(f.channels) ch, \(String(format: "%.1f", f.seconds)) s)")
                    print(String(format: "  read + resample  %7.0f× real time", f.readRealTime))
                    print(String(format: "  log-mel          %7.0f× real time", f.melRealTime))
                    print(String(format: "  vocoder          %7.1f× real time", r.realTimeFactor))
                    print(String(format: "  round trip       spectral convergence %.3f (mel %.3f), log-spectral distance %.2f dB (mel %.2f dB)",
                                 r.spectralConvergence, r.melSpectralConvergence, r.logSpectralDistance, r.melLogSpectralDistance))
                }
            }
        }
    }
}
