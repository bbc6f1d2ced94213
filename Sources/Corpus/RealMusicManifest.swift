import Foundation

/// One recording in the real-music manifest (`Models/corpus-v2/manifest.tsv`).
public struct RealTrack: Sendable, Equatable, Codable {
    /// The Debian package it comes from, and the package's version.
    public var package: String
    public var version: String
    /// The licence of the music as the package's copyright file states it.
    public var licence: String
    /// Where the package installs it; a relative path is a file unpacked from one
    /// of the package's archives (a game's .pk3) into the data folder's `corpus-v2/`.
    public var path: String
    /// Length as libsndfile reads it.
    public var seconds: Double
    /// SHA-256 of the file, lowercase hex.
    public var sha256: String
    public var split: HeldOutSplit.Side

    public init(package: String, version: String, licence: String, path: String, seconds: Double, sha256: String, split: HeldOutSplit.Side) {
        self.package = package; self.version = version; self.licence = licence; self.path = path
        self.seconds = seconds; self.sha256 = sha256; self.split = split
    }
}

/// The real-music manifest: a tab-separated table with a header row, written by
/// `Scripts/corpus-v2` and read here. Rows are checked on the way in: every
/// field present, no reserved package or path, the split as the rule gives it.
public struct RealMusicManifest: Sendable, Equatable {
    public static let columns = ["package", "version", "licence", "path", "seconds", "sha256", "split"]

    public var tracks: [RealTrack]

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case header(String)
        case row(line: Int, reason: String)
        case reserved(line: Int, package: String)
        case splitDiffers(line: Int, path: String, expected: String)
        case empty

        public var description: String {
            switch self {
            case .header(let h): return "the manifest's header is \"\(h)\", not \(RealMusicManifest.columns.joined(separator: " "))"
            case .row(let n, let r): return "manifest line \(n): \(r)"
            case .reserved(let n, let p):
                return "manifest line \(n): \(p) is reserved for the independent evaluation and is never used"
            case .splitDiffers(let n, let p, let e):
                return "manifest line \(n): \(p) must be \(e) by the held-out rule; write the manifest again with Scripts/corpus-v2"
            case .empty: return "the manifest lists no tracks"
            }
        }
    }

    public init(tracks: [RealTrack]) {
        self.tracks = tracks
    }

    /// Parses the table; `splitSeed` is the seed its split column must follow.
    /// Parses the table, refusing any row from a package or path `reserved` names.
    public init(tsv: String, reserved: ReservedPackages, splitSeed: UInt64 = HeldOutSplit.defaultSeed) throws(Failure) {
        var lines = tsv.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first else { throw .empty }
        guard header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) == Self.columns else { throw .header(header) }
        var tracks: [RealTrack] = []
        for (i, line) in lines.enumerated().dropFirst() {
            let n = i + 1
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == Self.columns.count else { throw .row(line: n, reason: "\(f.count) fields, not \(Self.columns.count)") }
            let (package, version, licence, path, secondsText, sha, splitText) = (f[0], f[1], f[2], f[3], f[4], f[5].lowercased(), f[6])
            guard !reserved.isReserved(package), !reserved.isReservedPath(path) else {
                throw .reserved(line: n, package: package)
            }
            guard !package.isEmpty, !version.isEmpty, !licence.isEmpty, !path.isEmpty, !path.contains("..") else {
                throw .row(line: n, reason: "package, version, licence and a path are required")
            }
            guard let seconds = Double(secondsText), seconds.isFinite, seconds > 0 else {
                throw .row(line: n, reason: "\"\(secondsText)\" is not a length in seconds")
            }
            guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else { throw .row(line: n, reason: "\"\(sha)\" is not a SHA-256") }
            guard let split = HeldOutSplit.Side(rawValue: splitText) else {
                throw .row(line: n, reason: "split \"\(splitText)\" is neither train nor heldout")
            }
            let expected = HeldOutSplit.side(sha256: sha, seed: splitSeed)
            guard split == expected else { throw .splitDiffers(line: n, path: path, expected: expected.rawValue) }
            tracks.append(RealTrack(package: package, version: version, licence: licence, path: path, seconds: seconds, sha256: sha, split: split))
        }
        guard !tracks.isEmpty else { throw .empty }
        self.tracks = tracks
    }

    /// The tracks with relative paths made absolute against `base` (where archives were unpacked).
    public func resolved(against base: URL) -> RealMusicManifest {
        RealMusicManifest(tracks: tracks.map { t in
            var t = t
            if !t.path.hasPrefix("/") { t.path = base.appendingPathComponent(t.path).path }
            return t
        })
    }

    /// Reads and parses the file at `url`.
    public init(contentsOf url: URL, splitSeed: UInt64 = HeldOutSplit.defaultSeed) throws {
        try self.init(tsv: try String(contentsOf: url, encoding: .utf8), reserved: try ReservedPackages(beside: url), splitSeed: splitSeed)
    }

    /// The tracks of one side, each recording once (the first path that holds it),
    /// in manifest order: the order their clips are written in.
    public func tracks(_ side: HeldOutSplit.Side) -> [RealTrack] {
        var seen: Set<String> = []
        return tracks.filter { $0.split == side && seen.insert($0.sha256).inserted }
    }

    /// Seconds of distinct audio per package on one side.
    public func seconds(_ side: HeldOutSplit.Side) -> [String: Double] {
        tracks(side).reduce(into: [:]) { $0[$1.package, default: 0] += $1.seconds }
    }
}
