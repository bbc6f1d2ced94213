import Audio
import Dispatch
import Engine
import Foundation
import Synchronization

/// Builds a corpus folder: `clips/` of audio, `manifest.jsonl` (one entry per
/// clip, in clip order) and `corpus.json` (the settings the clips follow from).
///
/// A clip's audio is written atomically before its manifest line, and lines
/// are appended in clip order, one `write` and `fsync` each; a build stopped
/// at any moment therefore leaves complete clips and complete lines (at worst
/// a torn last line, which the next run cuts off). Running the same command
/// again continues where the last run stopped, with the same clips and the
/// same manifest an uninterrupted build writes.
public struct CorpusBuilder: Sendable {
    public struct Settings: Sendable, Codable, Equatable {
        public var kind: CorpusKind
        public var seed: UInt64
        public var soundFont: String
        public var sampleRate: Int
        /// "flac" (16-bit) or "wav" (16-bit).
        public var format: String
        public var version: Int = 1

        public init(kind: CorpusKind, seed: UInt64, soundFont: String = Renderer.defaultSoundFont, sampleRate: Int = 16_000, format: String = "flac") {
            self.kind = kind
            self.seed = seed
            self.soundFont = soundFont
            self.sampleRate = sampleRate
            self.format = format
        }
    }

    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        /// Clips present before this run started.
        public var resumedFrom: Int
        /// Audio seconds written in this run, and the wall-clock seconds it took.
        public var audioSeconds: Double
        public var wallSeconds: Double
        /// Audio seconds per wall-clock second.
        public var realTimeFactor: Double { wallSeconds > 0 ? audioSeconds / wallSeconds : 0 }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case settingsDiffer(folder: String, existing: String, requested: String)
        case corruptManifest(path: String, line: Int)

        public var description: String {
            switch self {
            case .settingsDiffer(let f, let e, let r):
                return "\(f) holds a corpus built with \(e), not \(r); continue it with those settings or choose another --out"
            case .corruptManifest(let p, let n):
                return "\(p): line \(n) is damaged or out of order; move the folder aside and build again"
            }
        }
    }

    public let folder: URL
    public let settings: Settings
    /// Parallel workers (one renderer each).
    public let workers: Int
    public var keepMIDI = false

    public init(folder: URL, settings: Settings, workers: Int = 2) {
        self.folder = folder
        self.settings = settings
        self.workers = max(1, workers)
    }

    var manifestURL: URL { folder.appendingPathComponent("manifest.jsonl") }
    var clipsURL: URL { folder.appendingPathComponent("clips") }

    /// Builds or continues the corpus up to `clipCount` clips. `stopAfter` ends
    /// the run once that many new clips are in (a deliberate interruption, for
    /// tests); `shouldStop` is polled between clips (Ctrl-C). Returns the final progress.
    @discardableResult
    public func build(clipCount: Int, stopAfter: Int? = nil, shouldStop: @escaping @Sendable () -> Bool = { false },
                      progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws -> Progress {
        try FileManager.default.createDirectory(at: clipsURL, withIntermediateDirectories: true)
        try checkSettings()
        removeStrayTemporaries()
        let existing = try recoverManifest()
        let start = DispatchTime.now().uptimeNanoseconds
        let target = stopAfter.map { min(clipCount, existing + $0) } ?? clipCount
        let handle = try FileHandle(forWritingTo: manifestURL)
        defer { try? handle.close() }
        try handle.seekToEnd()
        let fd = handle.fileDescriptor
        var done = existing, audioSeconds = 0.0
        func wall() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        try OrderedWork.run(existing..<target, workers: workers, shouldStop: shouldStop, worker: {
            let renderer = try Renderer(soundFont: settings.soundFont, sampleRate: settings.sampleRate)
            return { index in try makeClip(index: index, renderer: renderer) }
        }, append: { _, clip in
            try Self.append(clip.0, to: fd, path: manifestURL.path)
            done += 1
            audioSeconds += clip.1
            progress(Progress(done: done, total: clipCount, resumedFrom: existing, audioSeconds: audioSeconds, wallSeconds: wall()))
        })
        return Progress(done: done, total: clipCount, resumedFrom: existing, audioSeconds: audioSeconds, wallSeconds: wall())
    }

    /// Writes clip `index`'s audio (and MIDI if asked) and returns its manifest line.
    func makeClip(index: Int, renderer: Renderer) throws -> (String, Double) {
        if settings.kind == .gm { return try makeTimbreClip(index: index, renderer: renderer) }
        let spec = ClipSpec(index: index, corpusSeed: settings.seed, kind: settings.kind)
        let (composition, caption) = spec.compose()
        let midi = composition.midi.data()
        let raw = try renderer.render(midi: midi, seconds: spec.seconds, mix: composition.mix)
        let samples = Mastering.finish(raw, loudness: composition.mix.loudness, fade: settings.sampleRate / 40)
        let name = String(format: "%06d", index)
        let file = "clips/\(name).\(settings.format)"
        let encoding: AudioFile.Encoding = settings.format == "wav" ? .wav16 : .flac16
        try AudioFile.write(AudioClip(samples: samples, sampleRate: settings.sampleRate), to: folder.appendingPathComponent(file).path,
                            encoding: encoding, metadata: AudioMetadata(title: caption, comment: "seed=\(spec.seed); style=\(spec.style.id)"))
        if keepMIDI {
            try AtomicFile.write(Data(midi), to: clipsURL.appendingPathComponent("\(name).mid"))
        }
        let entry = ManifestEntry(file: file, caption: caption, seed: spec.seed, index: index, seconds: spec.seconds,
                                  kind: settings.kind, attributes: composition.arrangement, mix: composition.mix)
        return (try entry.line(), spec.seconds)
    }

    /// The corpus settings are written once; a later run must match them (only the length may grow).
    private func checkSettings() throws {
        let url = folder.appendingPathComponent("corpus.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        if let data = try? Data(contentsOf: url), let existing = try? JSONDecoder().decode(Settings.self, from: data) {
            guard existing == settings else {
                // Name only what differs.
                var was: [String] = [], now: [String] = []
                func compare(_ name: String, _ a: String, _ b: String) { if a != b { was.append("\(name) \(a)"); now.append("\(name) \(b)") } }
                compare("seed", "\(existing.seed)", "\(settings.seed)")
                compare("kind", existing.kind.rawValue, settings.kind.rawValue)
                compare("format", existing.format, settings.format)
                compare("rate", "\(existing.sampleRate) Hz", "\(settings.sampleRate) Hz")
                compare("soundfont", existing.soundFont, settings.soundFont)
                compare("version", "\(existing.version)", "\(settings.version)")
                throw Failure.settingsDiffer(folder: folder.path, existing: was.joined(separator: ", "), requested: now.joined(separator: ", "))
            }
            return
        }
        try AtomicFile.write(try encoder.encode(settings), to: url)
    }

    /// Temporary files of a killed run (`.NAME.tmp-…`) are removed.
    private func removeStrayTemporaries() {
        for dir in [folder, clipsURL] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
                try? FileManager.default.removeItem(at: dir.appendingPathComponent(name))
            }
        }
    }

    /// Reads the manifest, cuts off a torn last line, checks the clips are
    /// 0, 1, 2… in order, and returns how many are complete.
    func recoverManifest() throws -> Int {
        let path = manifestURL.path
        guard let data = FileManager.default.contents(atPath: path) else {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return 0
        }
        var good = 0, count = 0
        var lineStart = 0
        let bytes = [UInt8](data)
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") {
            let line = Data(bytes[lineStart..<i])
            // Only the clip number is checked: the procedural and the timbre corpora write different entries.
            guard let entry = try? JSONDecoder().decode(ClipNumber.self, from: line), entry.index == count else {
                // Only the last line can be torn; damage before it is not ours to repair.
                if i == bytes.count - 1 { break }
                throw Failure.corruptManifest(path: path, line: count + 1)
            }
            count += 1
            good = i + 1
            lineStart = i + 1
        }
        if good < bytes.count {
            guard truncate(path, off_t(good)) == 0 else { throw EngineError.io(path: path, reason: "cannot cut off the torn last line") }
        }
        return count
    }

    static func append(_ line: String, to fd: Int32, path: String) throws {
        var bytes = Array(line.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EngineError.io(path: path, reason: errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno)))
            }
            off += n
        }
        guard fsync(fd) == 0 else { throw EngineError.io(path: path, reason: "fsync failed") }
        bytes.removeAll()
    }
}

/// The one field every corpus manifest line has.
struct ClipNumber: Decodable {
    var index: Int
}

/// Shared between the workers of one build, behind a mutex.
