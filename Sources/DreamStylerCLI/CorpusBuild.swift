import ArgumentParser
import Corpus
import Foundation
import Synchronization

extension DreamStyler {
    struct CorpusBuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Render captioned clips into a corpus folder (resumable).",
            discussion: """
            Writes OUT/clips/NNNNNN.flac (16 kHz mono, 8–12 s each), OUT/manifest.jsonl (one JSON \
            line per clip: file, caption, seed, attributes, mix) and OUT/corpus.json (the settings). \
            Clip i depends only on --seed, --kind and i: the same command gives the same corpus, \
            and running it again after an interruption (Ctrl-C, a crash, a full disk) continues \
            where it stopped. A larger --hours extends an existing corpus.

            Examples:
              dreamstyler corpus build --hours 1 --seed 1 --out corpus/generator
              dreamstyler corpus build --hours 1 --seed 2 --kind evaluator --out corpus/evaluator
              dreamstyler corpus build --hours 2 --seed 5 --kind gm --soundfont /usr/share/sounds/sf2/FluidR3_GS.sf2 --out corpus/gm/FluidR3_GS

            --kind gm writes the broad timbre corpus for the codec and vocoder: every preset of the \
            soundfont (the 128 GM programs, its drum kits, its variations) in three registers, with \
            short and long notes, chords, legato lines, repeats and dynamics from pp to fff.
            """)

        @Option(parsing: .unconditional, help: "Hours of audio to write (above 0, at most 1000).")
        var hours: Double

        @Option(parsing: .unconditional, help: "Corpus seed: every clip follows from it.")
        var seed: UInt64 = 1

        @Option(help: "Output folder.")
        var out: String

        @Option(help: "generator (benchmark concepts held out), evaluator (everything) or gm (every preset of the soundfont).")
        var kind: CorpusKind = .generator

        @Option(help: "General MIDI soundfont (.sf2).")
        var soundfont: String = Renderer.defaultSoundFont

        @Option(help: "Audio format of the clips: flac or wav (both 16-bit).")
        var format = "flac"

        @Option(parsing: .unconditional, help: "Parallel rendering workers (1–64).")
        var workers = 2

        @Flag(help: "Also keep each clip's MIDI file beside its audio.")
        var keepMidi = false

        func validate() throws {
            guard hours > 0, hours.isFinite else { throw ValidationError("--hours must be a positive number") }
            guard hours <= 1000 else { throw ValidationError("--hours must be at most 1000") }
            guard ["flac", "wav"].contains(format) else { throw ValidationError("--format must be flac or wav") }
            guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
            guard FileManager.default.fileExists(atPath: soundfont) else {
                throw ValidationError("\(soundfont): no such soundfont; install fluid-soundfont-gm (Scripts/setup) or pass --soundfont PATH")
            }
        }

        func run() throws {
            try reportingErrors {
                installStopHandler()
                let settings = CorpusBuilder.Settings(kind: kind, seed: seed, soundFont: soundfont, format: format)
                var builder = CorpusBuilder(folder: URL(fileURLWithPath: out), settings: settings, workers: workers)
                builder.keepMIDI = keepMidi
                let total = kind == .gm ? TimbreClip.count(hours: hours, corpusSeed: seed)
                    : ClipSpec.count(hours: hours, corpusSeed: seed, kind: kind)
                print("corpus \(kind.rawValue), seed \(seed): \(total) clips for \(hours) h into \(out)")
                let last = LastReport()
                let result = try builder.build(clipCount: total, shouldStop: { corpusStopRequested.load(ordering: .relaxed) }) { p in
                    guard last.due(p.done == p.total) else { return }
                    print(String(format: "  %d/%d clips  %.0f s of audio in %.1f s  %.0f× real time", p.done, p.total,
                                 p.audioSeconds, p.wallSeconds, p.realTimeFactor))
                }
                if result.done < total {
                    print("stopped at \(result.done)/\(total) clips; run the same command again to continue")
                    throw ExitCode(130)
                }
                if result.resumedFrom >= total {
                    print("nothing to do: \(out) already holds \(result.resumedFrom) clips")
                    return
                }
                if result.resumedFrom > 0 { print("resumed from clip \(result.resumedFrom)") }
                print(String(format: "done: %d clips, %.0f s of audio written in %.1f s (%.0f× real time)", result.done,
                             result.audioSeconds, result.wallSeconds, result.realTimeFactor))
            }
        }
    }
}

extension CorpusKind: ExpressibleByArgument {}

/// Rate-limits progress lines to one every two seconds (and the last one).
final class LastReport: @unchecked Sendable {
    private var last = Date.distantPast
    private let lock = NSLock()

    func due(_ final: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard final || Date().timeIntervalSince(last) >= 2 else { return false }
        last = Date()
        return true
    }
}

/// Set by the first Ctrl-C (or SIGTERM): the build finishes the clips in hand and stops.
/// A plain signal handler rather than a dispatch source, because the rendering
/// workers keep dispatch's threads busy and a dispatch source could wait until the end.
let corpusStopRequested = Atomic<Bool>(false)

func installStopHandler() {
    for sig in [SIGINT, SIGTERM] {
        signal(sig) { _ in
            corpusStopRequested.store(true, ordering: .relaxed)
            // A second Ctrl-C ends the process at once.
            signal(SIGINT, SIG_DFL)
        }
    }
}
