import Audio
import Engine
import Foundation
import Library

/// On a first run (an empty library), the concepts of `Samples/` are put in the library,
/// unlearned, so that one key (l) learns one.
enum SampleConcepts {
    static let shipped = [("koto", "instrument", "koto-train.flac"), ("reggae", "genre", "reggae-train.flac")]

    static func offer(in lib: ConceptLibrary, samples: URL) throws {
        guard try lib.concepts().isEmpty else { return }
        for (name, kind, file) in shipped {
            let url = samples.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            _ = try lib.addConcept(ConceptRecord(name: name, kind: kind, classWord: kind, tokenCount: 3),
                                   references: [(url.path, try SHA256.hex(fileAt: url), try AudioFile.info(url.path).duration)])
        }
    }
}
