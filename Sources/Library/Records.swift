import Foundation
import GRDB

/// A concept the studio knows: its identifier is `<name>`.
public struct ConceptRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "concept"
    public var id: Int64?
    public var name: String
    /// "instrument" or "genre".
    public var kind: String
    public var classWord: String
    public var tokenCount: Int
    public var createdAt: Date

    public init(name: String, kind: String, classWord: String, tokenCount: Int, createdAt: Date = Date()) {
        self.name = name
        self.kind = kind
        self.classWord = classWord
        self.tokenCount = tokenCount
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A reference recording of a concept, with its fingerprint so a changed file is noticed.
public struct ReferenceRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "reference"
    public var id: Int64?
    public var conceptId: Int64
    public var path: String
    public var sha256: String
    public var seconds: Double

    public init(conceptId: Int64, path: String, sha256: String, seconds: Double) {
        self.conceptId = conceptId
        self.path = path
        self.sha256 = sha256
        self.seconds = seconds
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One learn (of one concept or a set learned jointly).
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public enum Status: String, Codable, Sendable, CaseIterable { case new, learning, learned, stopped, failed }

    public var id: Int64?
    /// Concept names, comma-separated, in the order given.
    public var concepts: String
    public var method: String
    /// The full learn configuration as JSON.
    public var config: String
    public var baseHash: String
    public var status: Status
    public var step: Int
    public var seconds: Double
    public var startedAt: Date
    public var finishedAt: Date?
    public var error: String?
    /// The delta file, once learned.
    public var deltaPath: String?

    public init(concepts: [String], method: String, config: String, baseHash: String) {
        self.concepts = concepts.joined(separator: ",")
        self.method = method
        self.config = config
        self.baseHash = baseHash
        status = .new
        step = 0
        seconds = 0
        startedAt = Date()
    }

    public var conceptNames: [String] { concepts.split(separator: ",").map(String.init) }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A number a run produced: a loss at a step, or an evaluation score (step nil).
public struct MetricRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "metric"
    public var id: Int64?
    public var runId: Int64
    public var name: String
    public var step: Int?
    public var value: Double

    public init(runId: Int64, name: String, step: Int?, value: Double) {
        self.runId = runId
        self.name = name
        self.step = step
        self.value = value
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A generated clip and how it was made.
public struct ClipRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "clip"
    public var id: Int64?
    public var prompt: String
    public var seed: Int64
    public var sampler: String
    public var steps: Int
    public var cfg: Double
    public var concepts: String
    /// How much of the concepts' learned change the denoiser carried (1: all of it).
    public var strength: Double
    /// The base model's pull toward the prompt's description (`GenerationSettings.keepPrompt`; 0: none).
    public var keepPrompt: Double
    public var path: String
    /// Evaluation scores as JSON, once scored.
    public var scores: String?
    public var starred: Bool
    public var createdAt: Date

    public init(prompt: String, seed: UInt64, sampler: String, steps: Int, cfg: Double, concepts: [String], strength: Double = 1, keepPrompt: Double = 0, path: String) {
        self.prompt = prompt
        self.seed = Int64(bitPattern: seed)
        self.sampler = sampler
        self.steps = steps
        self.cfg = cfg
        self.concepts = concepts.joined(separator: ",")
        self.strength = strength
        self.keepPrompt = keepPrompt
        self.path = path
        starred = false
        createdAt = Date()
    }

    public var conceptNames: [String] { concepts.split(separator: ",").map(String.init) }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
