import Foundation

/// One fuzz target: what it does with an input (any error thrown is a correct answer to a bad
/// input; only a trap, a sanitizer report or a hang is a failure), and the valid inputs it starts from.
struct FuzzTarget: Sendable {
    var name: String
    var run: @Sendable (Data) -> Void
    /// Small valid files, written by the product's own writers, by file name.
    var seeds: @Sendable () throws -> [String: Data]

    nonisolated(unsafe) static var selected: FuzzTarget?

    static let all: [FuzzTarget] = [audio, safetensors, delta, deltaManifest, corpusManifest, baseManifest, theme]

    static func writeSeeds(to folder: URL) throws {
        for t in all {
            let dir = folder.appendingPathComponent(t.name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for (file, data) in try t.seeds() { try data.write(to: dir.appendingPathComponent(file)) }
        }
    }

    /// A file of this process's own for readers that take a path (libsndfile), in memory where Linux has /dev/shm.
    static func scratchFile(_ suffix: String) -> String {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(dir)/dreamstyler-fuzz-\(getpid())\(suffix)"
    }
}
