import Audio
import Dispatch
import Engine
import Foundation
import Synchronization

/// Decodes the real-music manifest's tracks of one split into a corpus folder
/// the pretraining code reads as it reads the procedural one: `clips/` of
/// 16 kHz mono FLAC, `manifest.jsonl` with `file` and `caption` per clip, and
/// `corpus.json` with the settings.
///
/// Each track is read through the product's audio reader (libsndfile, then
/// libsamplerate), checked against its SHA-256, and cut into clips of
/// `clipSeconds`; a last piece shorter than `minimumSeconds` (the codec's crop)
/// and near-silent clips (intros, gaps) are left out. A track's clips are
/// written atomically, then its lines go into the manifest in one write and
/// fsync, in track order; a run stopped at any moment resumes after the last
/// whole track, and gives what an uninterrupted run gives.
public struct RealCorpusBuilder: Sendable {
    public struct Settings: Sendable, Codable, Equatable {
        public var split: HeldOutSplit.Side
        public var sampleRate = 16_000
        public var clipSeconds = 10.0
        public var minimumSeconds = 4.1
        /// Clips quieter than this (RMS, dBFS) are left out.
        public var silenceDBFS = -50.0
        public var version = 1

        public init(split: HeldOutSplit.Side) {
            self.split = split
        }
    }

    public struct Progress: Sendable {
        public var tracksDone: Int
        public var tracks: Int
        public var resumedFrom: Int
        public var clips: Int
        public var audioSeconds: Double
        public var wallSeconds: Double
        public var realTimeFactor: Double { wallSeconds > 0 ? audioSeconds / wallSeconds : 0 }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case settingsDiffer(folder: String)
        case corruptManifest(path: String, line: Int)
        case manifestChanged(folder: String, track: Int)
        case checksum(path: String, expected: String, found: String)

        public var description: String {
            switch self {
            case .settingsDiffer(let f): return "\(f) holds clips cut with other settings; choose another --out"
            case .corruptManifest(let p, let n): return "\(p): line \(n) is damaged or out of order; move the folder aside and build again"
            case .manifestChanged(let f, let t):
                return "\(f): track \(t) is not the track the manifest now lists there; the manifest changed, choose another --out"
            case .checksum(let p, let e, let f):
                return "\(p): SHA-256 \(f.prefix(12))…, the manifest says \(e.prefix(12))…; the package changed, run Scripts/corpus-v2 again"
            }
        }
    }

    public let folder: URL
    public let tracks: [RealTrack]
    public let settings: Settings
    public let workers: Int

    public init(folder: URL, tracks: [RealTrack], settings: Settings, workers: Int = 2) {
        self.folder = folder
        self.tracks = tracks
        self.settings = settings
        self.workers = max(1, workers)
    }

    var manifestURL: URL { folder.appendingPathComponent("manifest.jsonl") }
    var clipsURL: URL { folder.appendingPathComponent("clips") }

    /// Decodes every track not yet in the corpus. `shouldStop` is polled between tracks.
    @discardableResult
    public func build(stopAfter: Int? = nil, shouldStop: @escaping @Sendable () -> Bool = { false },
                      progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws -> Progress {
        try FileManager.default.createDirectory(at: clipsURL, withIntermediateDirectories: true)
        try checkSettings()
        removeStrayTemporaries()
        let recovered = try recoverManifest()
        let start = DispatchTime.now().uptimeNanoseconds
        let first = recovered.nextTrack
        let target = stopAfter.map { min(tracks.count, first + $0) } ?? tracks.count
        let handle = try FileHandle(forWritingTo: manifestURL)
        defer { try? handle.close() }
        try handle.seekToEnd()
        let fd = handle.fileDescriptor
        let path = manifestURL.path
        var done = first, clips = recovered.clips, audioSeconds = 0.0
        func wall() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        // A track's lines go out together and in track order, so a whole track is the unit of resumption.
        try OrderedWork.run(first..<target, workers: workers, shouldStop: shouldStop, worker: {
            { index in try cut(track: index) }
        }, append: { _, track in
            if !track.0.isEmpty { try CorpusBuilder.append(track.0.joined(), to: fd, path: path) }
            done += 1
            clips += track.0.count
            audioSeconds += track.1
            progress(Progress(tracksDone: done, tracks: tracks.count, resumedFrom: first, clips: clips,
                              audioSeconds: audioSeconds, wallSeconds: wall()))
        })
        return Progress(tracksDone: done, tracks: tracks.count, resumedFrom: first, clips: clips, audioSeconds: audioSeconds, wallSeconds: wall())
    }

    /// Decodes track `index`, writes its clips and returns their manifest lines and the seconds of audio kept.
    func cut(track index: Int) throws -> ([String], Double) {
        let track = tracks[index]
        let url = URL(fileURLWithPath: track.path)
        let found = try SHA256.hex(fileAt: url)
        guard found == track.sha256 else { throw Failure.checksum(path: track.path, expected: track.sha256, found: found) }
        // Measured: a hyperrogue Ogg Vorbis track ends 104 frames (2 ms) short of its header's length, an
        // asc-music MP3 5510 frames (0.12 s, 0.09 %): estimates in the header, not damaged files. Half a
        // second or 0.5 % short is accepted; more is a truncated file.
        let header = try AudioFile.info(track.path)
        let tolerated = max(header.sampleRate / 2, header.frames / 200)
        let clip = try AudioFile.read(track.path, sampleRate: settings.sampleRate, toleratedMissingFrames: tolerated).clip
        // Inter-sample overs after resampling would wrap or clip in 16-bit: lower the whole track, never a clip alone.
        let peak = clip.peak
        let samples = peak > 0.999 ? clip.samples.map { $0 * (0.999 / peak) } : clip.samples
        let pieces = RealCorpusBuilder.pieces(count: samples.count, rate: settings.sampleRate, clipSeconds: settings.clipSeconds,
                                              minimumSeconds: settings.minimumSeconds)
        var kept: [(Range<Int>, [Float])] = []
        for range in pieces {
            let part = Array(samples[range])
            if AudioClip.dBFS(AudioClip(samples: part, sampleRate: settings.sampleRate).rms) >= settings.silenceDBFS { kept.append((range, part)) }
        }
        var lines: [String] = []
        var seconds = 0.0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (n, (range, part)) in kept.enumerated() {
            let file = String(format: "clips/%05d-%03d.flac", index, n)
            let clipSeconds = Double(part.count) / Double(settings.sampleRate)
            try AudioFile.write(AudioClip(samples: part, sampleRate: settings.sampleRate), to: folder.appendingPathComponent(file).path,
                                encoding: .flac16,
                                metadata: AudioMetadata(title: "", comment: "package=\(track.package); source=\(track.path); sha256=\(track.sha256)"))
            let entry = RealClipEntry(file: file, caption: "", track: index, clip: n, clips: kept.count, package: track.package,
                                      version: track.version, licence: track.licence, source: track.path, sha256: track.sha256,
                                      split: track.split, start: Double(range.lowerBound) / Double(settings.sampleRate), seconds: clipSeconds)
            lines.append(String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n")
            seconds += clipSeconds
        }
        return (lines, seconds)
    }

    /// Sample ranges of the clips a track of `count` samples is cut into: whole
    /// clips from the start, then the rest if it is at least `minimumSeconds` long.
    public static func pieces(count: Int, rate: Int, clipSeconds: Double, minimumSeconds: Double) -> [Range<Int>] {
        let length = Int((clipSeconds * Double(rate)).rounded()), minimum = Int((minimumSeconds * Double(rate)).rounded())
        var out: [Range<Int>] = []
        var start = 0
        while start < count {
            let end = min(start + length, count)
            if end - start >= minimum { out.append(start..<end) }
            start = end
        }
        return out
    }

    private func checkSettings() throws {
        let url = folder.appendingPathComponent("corpus.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        if let data = try? Data(contentsOf: url), let existing = try? JSONDecoder().decode(Settings.self, from: data) {
            guard existing == settings else { throw Failure.settingsDiffer(folder: folder.path) }
            return
        }
        try AtomicFile.write(try encoder.encode(settings), to: url)
    }

    private func removeStrayTemporaries() {
        for dir in [folder, clipsURL] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasPrefix(".") && name.contains(".tmp-") {
                try? FileManager.default.removeItem(at: dir.appendingPathComponent(name))
            }
        }
    }

    /// Keeps the manifest's whole tracks (cutting a torn line or a track whose
    /// lines were not all written), checks they are the manifest's tracks in
    /// order, and returns the track to continue from and the clips kept.
    func recoverManifest() throws -> (nextTrack: Int, clips: Int) {
        let path = manifestURL.path
        guard let data = FileManager.default.contents(atPath: path) else {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return (0, 0)
        }
        let bytes = [UInt8](data)
        var keep = 0, clips = 0, nextTrack = 0
        var lineStart = 0, lineNumber = 0
        var open: (track: Int, seen: Int, clips: Int)?
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") {
            lineNumber += 1
            let line = Data(bytes[lineStart..<i])
            lineStart = i + 1
            guard let e = try? JSONDecoder().decode(RealClipEntry.self, from: line) else {
                if i == bytes.count - 1 { break }
                throw Failure.corruptManifest(path: path, line: lineNumber)
            }
            if open == nil {
                guard e.track >= nextTrack, e.clip == 0 else { throw Failure.corruptManifest(path: path, line: lineNumber) }
                guard e.track < tracks.count, tracks[e.track].sha256 == e.sha256 else {
                    throw Failure.manifestChanged(folder: folder.path, track: e.track)
                }
                open = (e.track, 0, e.clips)
            }
            guard e.track == open!.track, e.clip == open!.seen else { throw Failure.corruptManifest(path: path, line: lineNumber) }
            open!.seen += 1
            if open!.seen == open!.clips {
                keep = i + 1
                clips += open!.clips
                nextTrack = open!.track + 1
                open = nil
            }
        }
        if keep < bytes.count {
            guard truncate(path, off_t(keep)) == 0 else { throw EngineError.io(path: path, reason: "cannot cut off the unfinished track") }
        }
        return (nextTrack, clips)
    }
}

