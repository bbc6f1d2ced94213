import Foundation

/// The clips a codec report measures, picked deterministically (no randomness:
/// evenly spread picks), so reports of different codecs see the same audio.
public enum ReportItems {
    /// Clips of a procedural corpus grouped by the GM family of their lead
    /// (`attributes.lead` in the manifest), at most `perFamily` per family.
    public static func procedural(_ folder: URL, perFamily: Int) throws -> [CodecReport.Item] {
        var byFamily: [String: [URL]] = [:]
        for obj in try manifest(folder) {
            guard let file = obj["file"] as? String else { continue }
            let lead = (obj["attributes"] as? [String: Any])?["lead"] as? Int
            let family = lead.map { CodecReport.family(program: $0) } ?? "other"
            byFamily[family, default: []].append(folder.appendingPathComponent(file))
        }
        let order = CodecReport.gmFamilies + ["other"]
        return order.flatMap { f in spread(byFamily[f] ?? [], perFamily).map { CodecReport.Item(source: "procedural", group: f, file: $0) } }
    }

    /// Every benchmark concept's evaluation recording (ID/eval.flac), one row each.
    public static func benchmark(_ folder: URL) throws -> [CodecReport.Item] {
        let ids = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let items = ids.compactMap { id -> CodecReport.Item? in
            let f = folder.appendingPathComponent(id).appendingPathComponent("eval.flac")
            return FileManager.default.fileExists(atPath: f.path) ? CodecReport.Item(source: "benchmark eval", group: id, file: f) : nil
        }
        guard !items.isEmpty else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path + "/*/eval.flac"]) }
        return items
    }

    /// Held-out real clips grouped by package, at most `perPackage` each.
    public static func real(_ folder: URL, perPackage: Int) throws -> [CodecReport.Item] {
        var byPackage: [String: [URL]] = [:], order: [String] = []
        for obj in try manifest(folder) {
            guard let file = obj["file"] as? String else { continue }
            let package = obj["package"] as? String ?? "unknown"
            if byPackage[package] == nil { order.append(package) }
            byPackage[package, default: []].append(folder.appendingPathComponent(file))
        }
        return order.sorted().flatMap { p in spread(byPackage[p]!, perPackage).map { CodecReport.Item(source: "real held-out", group: p, file: $0) } }
    }

    /// `n` elements spread evenly over `all` (all of them when there are fewer).
    public static func spread<T>(_ all: [T], _ n: Int) -> [T] {
        guard all.count > n, n > 0 else { return n > 0 ? all : [] }
        return (0..<n).map { all[$0 * all.count / n] }
    }

    static func manifest(_ folder: URL) throws -> [[String: Any]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.jsonl"))
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }
}
