import Foundation

/// One source of a multi-corpus run: a corpus folder (or a folder of corpus
/// folders, such as `corpus/gm` with one folder per soundfont) and the share of
/// each batch it should supply. Spelled `DIR[:WEIGHT]` on the command line so
/// procedural, real and GM audio can be mixed in one codec run without copying.
public struct CorpusSource: Sendable, Equatable {
    /// Short name for logs and reports: the folder's last two path components (real/train, corpus/gm).
    public var name: String
    /// The corpus folders (each with a manifest.jsonl) this source draws from, uniformly per clip.
    public var folders: [URL]
    /// Relative sampling weight (the weights of all sources need not sum to 1).
    public var weight: Double

    public init(name: String, folders: [URL], weight: Double) {
        self.name = name
        self.folders = folders
        self.weight = weight
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case badWeight(String)
        case noCorpus(String)

        public var description: String {
            switch self {
            case .badWeight(let s): return "\(s): the weight after ':' must be a positive number"
            case .noCorpus(let p): return "\(p): neither a corpus folder (manifest.jsonl) nor a folder of corpus folders"
            }
        }
    }

    /// Splits `DIR[:WEIGHT]`. Only a final `:number` is a weight, so a path that
    /// merely contains a colon still works; the default weight is 1.
    public static func parse(_ spec: String) throws -> (path: String, weight: Double) {
        guard let colon = spec.lastIndex(of: ":") else { return (spec, 1) }
        let tail = String(spec[spec.index(after: colon)...])
        guard let w = Double(tail) else {
            // "dir:abc" is a path with a colon unless the tail looks numeric-ish.
            if tail.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { throw Failure.badWeight(spec) }
            return (spec, 1)
        }
        guard w > 0, w.isFinite else { throw Failure.badWeight(spec) }
        return (String(spec[..<colon]), w)
    }

    /// Resolves `DIR[:WEIGHT]` against the file system: DIR itself when it holds a
    /// manifest, else its immediate sub-folders that do (sorted, so the order and
    /// hence every seeded draw is reproducible).
    public static func resolve(_ spec: String) throws -> CorpusSource {
        let (path, weight) = try parse(spec)
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        func hasManifest(_ u: URL) -> Bool { fm.fileExists(atPath: u.appendingPathComponent("manifest.jsonl").path) }
        let name = url.pathComponents.suffix(2).joined(separator: "/")
        if hasManifest(url) { return CorpusSource(name: name, folders: [url], weight: weight) }
        let subs = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
            .map { url.appendingPathComponent($0) }
            .filter(hasManifest)
        guard !subs.isEmpty else { throw Failure.noCorpus(path) }
        return CorpusSource(name: name, folders: subs, weight: weight)
    }
}
