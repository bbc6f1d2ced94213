import Engine
import Foundation
import Generation
import Library
import Method

extension Workspace {
    /// Renames a concept with its deltas' identifier tokens and its run folders (`ConceptEdits.rename`):
    /// a prompt with the new `<name>` works at once, from either front end.
    public func rename(_ old: String, to new: String) throws {
        defer { dropModel() }
        try ConceptEdits.rename(old, to: new, library: library, dataFolder: dataFolder)
    }

    /// Removes a concept, its own runs and their folders; returns the folders deleted.
    @discardableResult
    public func remove(_ name: String) throws -> [URL] {
        defer { dropModel() }
        return try ConceptEdits.remove(name, library: library, dataFolder: dataFolder)
    }

    /// Writes a concept's learned delta (with its manifest) to `file`; returns the delta it copied.
    @discardableResult
    public func export(_ name: String, to file: URL) throws -> URL {
        guard try library.concept(named: name) != nil else { throw ConceptLibrary.Failure.unknown(name, known: try library.concepts().map(\.name)) }
        guard let path = try library.learnedRun(of: name)?.deltaPath else { throw WorkspaceError.notLearned(name, method: nil) }
        let delta = URL(fileURLWithPath: path)
        try AtomicFile.write(try Data(contentsOf: delta), to: file)
        return delta
    }

    /// Adds the concepts of an exported delta, checked completely (names, base model, every tensor)
    /// before anything is written; returns their names.
    @discardableResult
    public func importConcepts(from file: URL) throws -> [String] {
        defer { dropModel() }
        // A fresh base: the kept one may carry other concepts' deltas.
        return try ConceptEdits.importDelta(file, base: try BaseModel(folder: try baseFolder()), library: library, dataFolder: dataFolder)
    }

    /// Every concept as listings show it, from either front end.
    public func concepts() throws -> [ConceptSummary] {
        let runs = try library.runs()
        return try library.concepts().map { c in
            // Newest first: the newest run naming the concept decides its status.
            let mine = runs.filter { $0.conceptNames.contains(c.name) }.sorted { ($0.id ?? 0) > ($1.id ?? 0) }
            let learned = mine.first { $0.status == .learned }
            var scores: [String: Double] = [:], quick = false
            if let id = learned?.id {
                // A full evaluation's scores; else the studio's quick look's, said to be so.
                for suffix in ["", "@" + EvaluationRequest.quickTag] where scores.isEmpty {
                    if let aa = try library.metrics(runId: id, name: "audio_alignment.\(c.name)" + suffix).last { scores["AA"] = aa.value }
                    if let ta = try library.metrics(runId: id, name: "text_alignment" + suffix).last { scores["TA"] = ta.value }
                    quick = !suffix.isEmpty && !scores.isEmpty
                }
            }
            var summary = ConceptSummary(concept: c, references: try library.references(of: c.name), learnedRun: learned, newestRun: mine.first, scores: scores)
            summary.quickScores = quick
            return summary
        }
    }
}

/// A concept as listings show it (`library list`, the studio's Concepts panel).
public struct ConceptSummary: Sendable {
    public var concept: ConceptRecord
    public var references: [ReferenceRecord]
    public var learnedRun: RunRecord?
    public var newestRun: RunRecord?
    /// The learned run's Audio Alignment ("AA") and Text Alignment ("TA"), ×100.
    public var scores: [String: Double]
    /// The scores come from the studio's quick look (3 short clips), not a full evaluation.
    public var quickScores = false

    public var name: String { concept.name }
    public var referenceSeconds: Double { references.reduce(0) { $0 + $1.seconds } }
    /// The method of the learned run, else of the newest.
    public var method: String? { (learnedRun ?? newestRun)?.method }
    /// new, learning, stopped, learned or failed: a run under way or stopped shows; otherwise a
    /// learned run wins over later failures (the concept still works).
    public var status: String {
        if let s = newestRun?.status, s == .learning || s == .stopped { return s.rawValue }
        return learnedRun != nil ? "learned" : newestRun?.status.rawValue ?? "new"
    }
}
