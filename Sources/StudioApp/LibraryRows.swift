import Audio
import Foundation
import Library
import Studio
import Workspace

/// The library database as the studio's panels show it.
enum LibraryRows {
    /// A run the library calls learning but that no job here runs was cut off (a killed process): it is resumable.
    static func concepts(_ workspace: Workspace, active: [String] = []) throws -> [ConceptRow] {
        try workspace.concepts().map { c in
            let status = c.status == "learning" && !active.contains(c.name) ? "stopped" : c.status
            return ConceptRow(name: c.name, kind: c.concept.kind, tokens: c.concept.tokenCount, referenceSeconds: c.referenceSeconds,
                              references: c.references.map(\.path), method: c.method, status: status, scores: c.scores,
                              quickScores: c.quickScores)
        }
    }

    /// The clips whose files are still there, newest 200; with a line for each that could not be read in
    /// full (its length or its scores), which is still listed.
    static func clips(_ lib: ConceptLibrary) throws -> (clips: [ClipView], unreadable: [String]) {
        var unreadable: [String] = []
        let views = try lib.clips().filter { FileManager.default.fileExists(atPath: $0.path) }.prefix(200).map { c in
            var seconds = 0.0
            do { seconds = try AudioFile.info(c.path).duration } catch { unreadable.append("\(c.path): \(error)") }
            var v = ClipView(path: c.path, prompt: c.prompt, seed: UInt64(max(c.seed, 0)), concepts: c.concepts.split(separator: ",").map(String.init),
                             seconds: seconds)
            v.starred = c.starred
            if let s = c.scores {
                do {
                    let d = try JSONDecoder().decode([String: Double].self, from: Data(s.utf8))
                    v.textAlignment = d["TA"]
                    v.audioAlignment = d.filter { $0.key.hasPrefix("AA.") }.reduce(into: [:]) { $0[String($1.key.dropFirst(3))] = $1.value }
                } catch { unreadable.append("\(c.path): its scores are not readable (\(error))") }
            }
            return v
        }
        return (Array(views), unreadable)
    }
}
