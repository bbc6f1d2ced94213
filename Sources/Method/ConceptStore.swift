import Foundation
import Generation
import Library
import Text
import Training

/// Where learned concepts live: `DATA/concepts/RUN/` holds each learn's runs and its delta.
public enum ConceptStore {
    /// The newest delta that contains `concept`: the library's record first, else a scan of the concept
    /// folders (a delta written by a learn whose record was lost still counts).
    public static func delta(for concept: String, dataFolder: URL) -> URL? {
        if let lib = try? ConceptLibrary(url: dataFolder.appendingPathComponent("library.sqlite")),
           let path = (try? lib.learnedRun(of: concept))??.deltaPath, FileManager.default.fileExists(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let root = dataFolder.appendingPathComponent("concepts")
        guard let runs = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return nil }
        var best: (URL, Date)?
        for r in runs {
            let folder = root.appendingPathComponent(r)
            for f in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where f.hasSuffix(".delta.safetensors") {
                let url = folder.appendingPathComponent(f)
                guard let d = try? ConceptDelta.read(url), d.manifest.concepts[concept] != nil else { continue }
                let date = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
                if best == nil || date > best!.1 { best = (url, date) }
            }
        }
        return best?.0
    }
}

extension ConceptStore {
    /// Applies `files` and then, for every concept of `names` they do not cover, its newest learned delta.
    /// Returns the concepts now known and the delta files applied (more than one: not learned jointly).
    /// Names with no delta are left alone: the text encoder's error lists the known ones.
    /// `strength` scales every delta's change to the denoiser (`ConceptDelta.apply`).
    public static func apply(_ names: [String], files: [URL] = [], to base: BaseModel, text: TextEncoder, dataFolder: URL,
                             strength: Double = 1) throws -> (covered: Set<String>, files: [URL]) {
        var files = files
        var covered = Set<String>()
        for url in files { covered.formUnion(try ConceptDelta.read(url).manifest.concepts.keys) }
        for name in Set(names).subtracting(covered).sorted() where !covered.contains(name) {
            if let url = delta(for: name, dataFolder: dataFolder), !files.contains(url) {
                files.append(url)
                covered.formUnion(try ConceptDelta.read(url).manifest.concepts.keys)
            }
        }
        let hash = try base.denoiserHash()
        for url in files { try ConceptDelta.read(url).apply(to: base.denoiser, text: text, baseHash: hash, source: url.path, strength: Float(strength)) }
        return (covered, files)
    }
}
