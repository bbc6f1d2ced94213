import Foundation
import Library
import Training

/// Where learned concepts live until the library database exists:
/// `$DREAMSTYLER_HOME/concepts/RUN/` holds each learn's runs and its delta.
public enum ConceptStore {
    public static func runFolder(_ name: String) throws -> URL { try DataFolder.folder("concepts/\(name)") }

    /// The newest delta that contains `concept`: the library's record first, else a scan of the concept folders.
    public static func delta(for concept: String) -> URL? {
        if let lib = try? ConceptLibrary(url: DataFolder.url.appendingPathComponent("library.sqlite")),
           let path = (try? lib.learnedRun(of: concept))??.deltaPath, FileManager.default.fileExists(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let root = DataFolder.url.appendingPathComponent("concepts")
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
