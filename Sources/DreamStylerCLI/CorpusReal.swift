import ArgumentParser
import Corpus
import Foundation
import Synchronization
import Training

extension DreamStyler {
    struct CorpusReal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "real",
            abstract: "Decode the real-music manifest's tracks into clip corpora (resumable).",
            discussion: """
            Reads the manifest Scripts/corpus-v2 writes (Models/corpus-v2/manifest.tsv: package, \\
            version, licence, path, seconds, sha256, split), checks each file's SHA-256, decodes it \\
            through libsndfile and libsamplerate to 16 kHz mono and cuts it into 10 s clips: \\
            OUT/train and OUT/heldout, each with clips/, manifest.jsonl and corpus.json, the layout \\
            `dreamstyler pretrain codec --corpus` reads. Whole tracks are held out, never parts. \\
            Running it again continues after the last whole track.

            Example:
              dreamstyler corpus real --manifest Models/corpus-v2/manifest.tsv --out corpus/real
            """)

        @Option(help: "The real-music manifest (TSV).")
        var manifest = "Models/corpus-v2/manifest.tsv"

        @Option(help: "Output folder; the splits go into OUT/train and OUT/heldout.")
        var out: String

        @Option(help: "Where Scripts/corpus-v2 unpacked archived tracks (the manifest's relative paths); default DATA/corpus-v2.")
        var unpacked: String?

        /// One side of the held-out split, or both.
        enum SplitChoice: String, CaseIterable, ExpressibleByArgument {
            case train, heldout, all
        }

        @Option(help: "Which side of the held-out split to build.")
        var split = SplitChoice.all

        @Option(help: "Parallel decoding workers.")
        var workers = 2

        func validate() throws {
            guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
            guard FileManager.default.fileExists(atPath: manifest) else {
                throw ValidationError("\(manifest): no such manifest; write it with Scripts/corpus-v2")
            }
        }

        func run() throws {
            try reportingErrors {
                installStopHandler()
                let base = unpacked.map { URL(fileURLWithPath: $0) } ?? DataFolder.url.appendingPathComponent("corpus-v2")
                let table = try RealMusicManifest(contentsOf: URL(fileURLWithPath: manifest)).resolved(against: base)
                let sides = HeldOutSplit.Side(rawValue: split.rawValue).map { [$0] } ?? HeldOutSplit.Side.allCases
                for side in sides {
                    let tracks = table.tracks(side)
                    let hours = tracks.reduce(0) { $0 + $1.seconds } / 3600
                    let folder = URL(fileURLWithPath: out).appendingPathComponent(side.rawValue)
                    print(String(format: "real music, %@: %d tracks, %.2f h, into %@", side.rawValue, tracks.count, hours, folder.path))
                    let builder = RealCorpusBuilder(folder: folder, tracks: tracks, settings: .init(split: side), workers: workers)
                    let last = LastReport()
                    let result = try builder.build(shouldStop: { corpusStopRequested.load(ordering: .relaxed) }) { p in
                        guard last.due(p.tracksDone == p.tracks) else { return }
                        print(String(format: "  %d/%d tracks  %d clips  %.0f s of audio in %.1f s  %.0f× real time", p.tracksDone, p.tracks,
                                     p.clips, p.audioSeconds, p.wallSeconds, p.realTimeFactor))
                    }
                    if result.tracksDone < tracks.count {
                        print("stopped at \(result.tracksDone)/\(tracks.count) tracks; run the same command again to continue")
                        throw ExitCode(130)
                    }
                    if result.resumedFrom >= tracks.count {
                        print("  nothing to do: \(folder.path) already holds every track (\(result.clips) clips)")
                        continue
                    }
                    print(String(format: "  done: %d clips, %.0f s kept in %.1f s (%.0f× real time)", result.clips, result.audioSeconds,
                                 result.wallSeconds, result.realTimeFactor))
                }
            }
        }
    }
}
