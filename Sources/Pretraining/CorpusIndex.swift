import Foundation

/// The clips of a corpus folder, from its `manifest.jsonl` (one JSON object per
/// line with at least `file`, relative to the folder, and `caption`).
public struct CorpusIndex: Sendable {
    public struct Clip: Sendable, Equatable {
        public var file: URL
        public var caption: String
        /// What the clip is (generator, evaluator, gm, real) and, where the manifest says, what plays
        /// it: a General MIDI bank and program, or the Debian package of a real track.
        public var kind: String? = nil
        public var bank: Int? = nil
        public var program: Int? = nil
        public var package: String? = nil
    }

    public let folder: URL
    public let clips: [Clip]
    /// A fingerprint of the manifest, so caches built from it can tell when it changed.
    public let fingerprint: String

    public enum Failure: Error, CustomStringConvertible {
        case noManifest(String)
        case badLine(String, Int)
        case empty(String)

        public var description: String {
            switch self {
            case .noManifest(let p): return "\(p): no manifest.jsonl; build a corpus with `dreamstyler corpus build`"
            case .badLine(let p, let n): return "\(p): line \(n) is not a clip entry (needs \"file\" and \"caption\")"
            case .empty(let p): return "\(p): the corpus has no clips"
            }
        }
    }

    public init(folder: URL) throws {
        let manifest = folder.appendingPathComponent("manifest.jsonl")
        guard let data = try? Data(contentsOf: manifest) else { throw Failure.noManifest(folder.path) }
        try self.init(folder: folder, manifest: data)
    }

    /// The clips of `folder` from the bytes of its manifest (read elsewhere: the fuzz target feeds them directly).
    public init(folder: URL, manifest data: Data) throws {
        self.folder = folder
        let manifest = folder.appendingPathComponent("manifest.jsonl")
        var clips: [Clip] = []
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let file = obj["file"] as? String, let caption = obj["caption"] as? String
            else { throw Failure.badLine(manifest.path, n + 1) }
            clips.append(Clip(file: folder.appendingPathComponent(file), caption: caption, kind: obj["kind"] as? String,
                              bank: obj["bank"] as? Int, program: obj["program"] as? Int, package: obj["package"] as? String))
        }
        guard !clips.isEmpty else { throw Failure.empty(folder.path) }
        self.clips = clips
        fingerprint = String(hash, radix: 16)
    }
}
