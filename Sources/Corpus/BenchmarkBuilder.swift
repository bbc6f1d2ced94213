import Audio
import Dispatch
import Engine
import Foundation
import Synchronization

/// One recording of the benchmark and what it is made of.
public struct BenchmarkRecording: Sendable, Codable, Equatable {
    /// Audio file, relative to the benchmark folder.
    public var file: String
    /// MIDI of the whole recording, relative to the benchmark folder.
    public var midi: String
    public var seconds: Double
    public var seed: UInt64
    /// The pieces played one after another, with where each starts.
    public var segments: [Segment]

    public struct Segment: Sendable, Codable, Equatable {
        public var start: Double
        public var attributes: Arrangement
    }
}

/// A concept of the benchmark with its two recordings.
public struct BenchmarkEntry: Sendable, Codable, Equatable {
    public var concept: BenchmarkConcept
    public var train: BenchmarkRecording
    public var evaluation: BenchmarkRecording
}

/// The benchmark folder's `manifest.json`.
public struct BenchmarkManifest: Sendable, Codable, Equatable {
    public var version = 1
    public var seed: UInt64
    public var soundFont: String
    public var sampleRate: Int
    public var concepts: [BenchmarkEntry]
    public var prompts: [String]
}

/// Builds the benchmark: for each of the 20 concepts a continuous training
/// recording (2 minutes) and a separate evaluation recording (1 minute) from
/// other seeds, and the 20 prompts. An instrument concept plays the lead in
/// pieces of varied generator-corpus styles with generator-corpus instruments
/// around it; a genre concept is played by varied generator-corpus instruments.
/// Each recording is several pieces of about half a minute written into one
/// MIDI file and rendered in one pass, so it is continuous (reverb tails carry
/// across the joins). Recordings already on disk are kept: a stopped build resumes.
public struct BenchmarkBuilder: Sendable {
    public let folder: URL
    public let seed: UInt64
    public let soundFont: String
    public let sampleRate: Int
    public let workers: Int
    public var trainSeconds = 120.0
    public var evaluationSeconds = 60.0
    /// Only these concepts (identifiers); all when nil.
    public var only: Set<String>?

    public init(folder: URL, seed: UInt64 = 2024, soundFont: String = Renderer.defaultSoundFont, sampleRate: Int = 16_000, workers: Int = 2) {
        self.folder = folder
        self.seed = seed
        self.soundFont = soundFont
        self.sampleRate = sampleRate
        self.workers = max(1, workers)
    }

    /// The pieces of one recording: about 30 s each, covering `seconds`.
    public func plan(concept: BenchmarkConcept, index: Int, role: UInt64, seconds: Double) -> [Composition] {
        let recordingSeed = SeedMixer.derive(seed, 10 + role, UInt64(index))
        var rng = SeededGenerator(seed: recordingSeed)
        let generatorStyles = Styles.available(for: .generator)
        var pieces: [Composition] = []
        var covered = 0.0
        var lastStyle = ""
        while covered < seconds {
            let style: Style
            if let id = concept.style, let s = Styles.named(id) {
                style = s
            } else {
                // A different style from the piece before, so the instrument is heard in varied settings.
                var s = generatorStyles[Int.random(in: 0..<generatorStyles.count, using: &rng)]
                while s.id == lastStyle { s = generatorStyles[Int.random(in: 0..<generatorStyles.count, using: &rng)] }
                style = s
            }
            lastStyle = style.id
            let piece = Composer.compose(ClipRequest(style: style, seed: rng.next(), seconds: min(30, seconds - covered + 0.5),
                                                     kind: .generator, featuredLead: concept.program, exactBars: true))
            pieces.append(piece)
            covered += piece.writtenSeconds
        }
        return pieces
    }

    /// Renders and writes one recording unless it is already there.
    func record(concept: BenchmarkConcept, index: Int, role: UInt64, seconds: Double, renderer: Renderer) throws -> BenchmarkRecording {
        let name = role == 0 ? "train" : "eval"
        let pieces = plan(concept: concept, index: index, role: role, seconds: seconds)
        var start = 0.0
        let segments = pieces.map { piece -> BenchmarkRecording.Segment in
            defer { start += piece.writtenSeconds }
            return BenchmarkRecording.Segment(start: start, attributes: piece.arrangement)
        }
        let recording = BenchmarkRecording(file: "\(concept.id)/\(name).flac", midi: "\(concept.id)/\(name).mid", seconds: seconds,
                                           seed: SeedMixer.derive(seed, 10 + role, UInt64(index)), segments: segments)
        let audioURL = folder.appendingPathComponent(recording.file)
        if FileManager.default.fileExists(atPath: audioURL.path) { return recording }
        try FileManager.default.createDirectory(at: audioURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        let midi = Composer.midi(joining: pieces).data()
        try AtomicFile.write(Data(midi), to: folder.appendingPathComponent(recording.midi))
        let raw = try renderer.render(midi: midi, seconds: seconds, mix: pieces[0].mix)
        let samples = Mastering.finish(raw, loudness: -18, fade: sampleRate / 2)
        try AudioFile.write(AudioClip(samples: samples, sampleRate: sampleRate), to: audioURL.path, encoding: .flac16,
                            metadata: AudioMetadata(title: "\(concept.displayName) (\(name))", comment: "seed=\(recording.seed)"))
        return recording
    }

    /// Builds every (selected) concept's recordings in parallel and writes the manifest.
    @discardableResult
    public func build(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> BenchmarkManifest {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let concepts = HoldOut.concepts.enumerated().filter { only?.contains($0.element.id) ?? true }
        let jobs = concepts.flatMap { c in [(c.offset, c.element, UInt64(0)), (c.offset, c.element, UInt64(1))] }
        let results = Mutex<[String: BenchmarkRecording]>([:])
        let failure = Mutex<(any Error)?>(nil)
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: min(workers, max(jobs.count, 1))) { _ in
            let renderer: Renderer
            do { renderer = try Renderer(soundFont: soundFont, sampleRate: sampleRate) } catch {
                failure.withLock { $0 = $0 ?? error }
                return
            }
            while true {
                let j: Int? = next.withLock { n in
                    guard n < jobs.count, failure.withLock({ $0 == nil }) else { return nil }
                    defer { n += 1 }
                    return n
                }
                guard let j else { return }
                let (index, concept, role) = jobs[j]
                do {
                    let r = try record(concept: concept, index: index, role: role,
                                       seconds: role == 0 ? trainSeconds : evaluationSeconds, renderer: renderer)
                    results.withLock { $0["\(concept.id)/\(role)"] = r }
                    progress("\(r.file): \(r.segments.count) pieces, \(r.segments.map(\.attributes.style).joined(separator: ", "))")
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let recordings = results.withLock { $0 }
        let manifest = BenchmarkManifest(
            seed: seed, soundFont: soundFont, sampleRate: sampleRate,
            concepts: concepts.map { BenchmarkEntry(concept: $0.element, train: recordings["\($0.element.id)/0"]!,
                                                    evaluation: recordings["\($0.element.id)/1"]!) },
            prompts: BenchmarkPrompts.all)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(manifest), to: folder.appendingPathComponent("manifest.json"))
        return manifest
    }
}
