import Audio
import Foundation
import Library
import Studio

/// The library database as the studio's panels show it.
enum LibraryRows {
    /// A run the library calls learning but that no job here runs was cut off (a killed process): it is resumable.
    static func concepts(_ lib: ConceptLibrary, active: [String] = []) throws -> [ConceptRow] {
        let runs = try lib.runs()
        return try lib.concepts().map { c in
            let refs = try lib.references(of: c.name)
            // The newest run naming the concept decides its status; a learned one wins over later failures.
            let mine = runs.filter { $0.conceptNames.contains(c.name) }.sorted { ($0.id ?? 0) > ($1.id ?? 0) }
            let learned = mine.first { $0.status == .learned }
            let current = mine.first
            var status = current?.status == .learning || current?.status == .stopped ? current!.status.rawValue : (learned != nil ? "learned" : current?.status.rawValue ?? "new")
            if status == "learning" && !active.contains(c.name) { status = "stopped" }
            var scores: [String: Double] = [:]
            if let r = learned, let id = r.id {
                if let aa = try lib.metrics(runId: id, name: "audio_alignment.\(c.name)").last { scores["AA"] = aa.value }
                if let ta = try lib.metrics(runId: id, name: "text_alignment").last { scores["TA"] = ta.value }
            }
            return ConceptRow(name: c.name, kind: c.kind, tokens: c.tokenCount, referenceSeconds: refs.reduce(0) { $0 + $1.seconds },
                              references: refs.map(\.path), method: (learned ?? current)?.method, status: status, scores: scores)
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
