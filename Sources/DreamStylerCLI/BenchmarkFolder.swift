import ArgumentParser
import Corpus
import Foundation
import Training

/// A built benchmark folder (`--benchmark`, default the data folder's) and its manifest, for the
/// commands that read one.
struct BenchmarkFolder {
    let url: URL
    let manifest: BenchmarkManifest

    init(_ path: String?) throws {
        url = try path.map { URL(fileURLWithPath: $0) } ?? DataFolder.inside("benchmark")
        let manifestURL = url.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw ValidationError("\(manifestURL.path): no benchmark here; build one with `dreamstyler benchmark build --out \(url.path)`")
        }
        manifest = try JSONDecoder().decode(BenchmarkManifest.self, from: Data(contentsOf: manifestURL))
    }

    /// The manifest's entries by concept id, after checking that each of `names` is one.
    func entries(checking names: [String]) throws -> [String: BenchmarkEntry] {
        let available = Dictionary(uniqueKeysWithValues: manifest.concepts.map { ($0.concept.id, $0) })
        for n in names where available[n] == nil {
            throw ValidationError("the benchmark has no concept '\(n)'; it has \(manifest.concepts.map(\.concept.id).joined(separator: ", "))")
        }
        return available
    }

    func path(_ file: String) -> String { url.appendingPathComponent(file).path }
}
