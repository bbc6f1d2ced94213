import ConceptGrammar
import Foundation
import GRDB

/// The concept library: a SQLite database in the data folder (`library.sqlite`)
/// of concepts, their references, learning runs with their losses and scores, and
/// generated clips. Every change runs in one transaction: a failed call changes nothing.
public final class ConceptLibrary: Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case duplicate(String)
        case otherReferences(String)
        case unknown(String, known: [String])
        case invalidName(String)
        case notFinite(metric: String)
        case noWAL(journalMode: String)

        public var description: String {
            switch self {
            case .duplicate(let n): return "a concept named '\(n)' already exists; choose another name, or `dreamstyler library remove \(n)` first"
            case .otherReferences(let n):
                return "a concept named '\(n)' already exists with other reference audio; choose another name, or `dreamstyler library remove \(n)` first"
            case .unknown(let n, let known):
                return "no concept named '\(ConceptName.shown(n))' in the library" + (known.isEmpty ? " (it is empty)" : "; known: \(known.joined(separator: ", "))")
            case .invalidName(let n): return ConceptName.refusal(n)
            case .notFinite(let m): return "refusing to store \(m): the value is NaN or infinite"
            case .noWAL(let m): return "the library cannot be shared safely: SQLite keeps it in \(m) mode, not WAL (a network file system?)"
            }
        }
    }

    public let url: URL
    let db: DatabaseQueue

    /// How long a write waits for another process's transaction before it fails (a learn
    /// records a loss every few seconds; a reader may hold a transaction for a while).
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating and migrating as needed) the library at `url`.
    ///
    /// WAL mode lets readers and one writer work at once (a reader holding a transaction
    /// never blocks a learn's writes); the busy timeout makes a second writer wait its
    /// turn instead of failing with "database is locked". Migrations run under the
    /// schema lock, so two processes opening a new library do not both create it.
    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(ConceptLibrary.busyTimeout)
        // WAL set by hand, not `config.journalMode = .wal`: that also lowers `synchronous` to NORMAL
        // (a commit may be lost on power failure) and creates and drops a table on every open.
        config.prepareDatabase { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode?.lowercased() == "wal" else { throw Failure.noWAL(journalMode: mode ?? "unknown") }
        }
        let schema = try ConceptLock.acquireWaiting(ConceptLock.schemaName, action: "opening the library", folder: ConceptLibrary.lockFolder(for: url))
        defer { schema.release() }
        db = try DatabaseQueue(path: url.path, configuration: config)
        try ConceptLibrary.migrator.migrate(db)
    }

    /// The lock files of this library's concepts: `locks/` beside the database.
    static func lockFolder(for url: URL) -> URL { url.deletingLastPathComponent().appendingPathComponent("locks") }

    /// Takes the locks of `names` for `action` ("learned", "removed", …) at once, or fails
    /// with `concept NAME is being ACTION by process N`; held until released or the process ends.
    public func lock(_ names: [String], for action: String) throws -> ConceptLock {
        for n in names where !ConceptName.isValid(n) { throw Failure.invalidName(n) }
        return try ConceptLock.acquire(names, action: action, folder: ConceptLibrary.lockFolder(for: url))
    }

    /// Throws `ConceptLock.Held` if some process holds one of `names`, without taking or creating
    /// anything: a quick refusal before slow checks, which the lock itself then confirms.
    public func refuseIfLocked(_ names: [String]) throws {
        for n in names where ConceptName.isValid(n) {
            if let held = ConceptLock.holder(of: n, folder: ConceptLibrary.lockFolder(for: url)) { throw held }
        }
    }

    /// Whether some process (this one included) holds the lock of `name`.
    public func isLocked(_ name: String) -> Bool {
        ConceptName.isValid(name) && ConceptLock.isHeld(name, folder: ConceptLibrary.lockFolder(for: url))
    }

    /// One write transaction, begun IMMEDIATE so that it takes the write lock (waiting up to
    /// the busy timeout) before it reads: a deferred one that reads first could fail at once.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try db.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "concept") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("classWord", .text).notNull()
                t.column("tokenCount", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "reference") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("conceptId", .integer).notNull().references("concept", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("seconds", .double).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("concepts", .text).notNull()
                t.column("method", .text).notNull()
                t.column("config", .text).notNull()
                t.column("baseHash", .text).notNull()
                t.column("status", .text).notNull()
                t.column("step", .integer).notNull()
                t.column("seconds", .double).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("error", .text)
                t.column("deltaPath", .text)
            }
            try db.create(table: "metric") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("step", .integer)
                t.column("value", .double).notNull()
            }
            try db.create(index: "metric_run", on: "metric", columns: ["runId", "name", "step"])
            try db.create(table: "clip") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("prompt", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("sampler", .text).notNull()
                t.column("steps", .integer).notNull()
                t.column("cfg", .double).notNull()
                t.column("concepts", .text).notNull()
                t.column("path", .text).notNull()
                t.column("scores", .text)
                t.column("starred", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        m.registerMigration("v2: clip strength") { db in
            try db.alter(table: "clip") { t in t.add(column: "strength", .double).notNull().defaults(to: 1) }
        }
        m.registerMigration("v3: clip keep-prompt") { db in
            try db.alter(table: "clip") { t in t.add(column: "keepPrompt", .double).notNull().defaults(to: 0) }
        }
        return m
    }

    // MARK: concepts

    /// Adds a concept with its references (all or nothing).
    @discardableResult
    public func addConcept(_ concept: ConceptRecord, references: [(path: String, sha256: String, seconds: Double)]) throws -> ConceptRecord {
        guard ConceptName.isValid(concept.name) else { throw Failure.invalidName(concept.name) }
        return try write { db in
            if try ConceptRecord.filter(Column("name") == concept.name).fetchOne(db) != nil { throw Failure.duplicate(concept.name) }
            return try insert(concept, references, db)
        }
    }

    private func insert(_ concept: ConceptRecord, _ references: [(path: String, sha256: String, seconds: Double)], _ db: Database) throws -> ConceptRecord {
        var c = concept
        try c.insert(db)
        for r in references {
            var ref = ReferenceRecord(conceptId: c.id!, path: r.path, sha256: r.sha256, seconds: r.seconds)
            try ref.insert(db)
        }
        return c
    }

    /// The concept `concept.name` with these references: added if new; returned as it is if it
    /// exists with the same references (to be learned again, by another method say); refused
    /// if the name is taken by other audio.
    @discardableResult
    public func addOrMatch(_ concept: ConceptRecord, references: [(path: String, sha256: String, seconds: Double)]) throws -> ConceptRecord {
        guard ConceptName.isValid(concept.name) else { throw Failure.invalidName(concept.name) }
        return try write { db in try addOrMatch(concept, references: references, db) }
    }

    private func addOrMatch(_ concept: ConceptRecord, references: [(path: String, sha256: String, seconds: Double)], _ db: Database) throws -> ConceptRecord {
        if let existing = try ConceptRecord.filter(Column("name") == concept.name).fetchOne(db) {
            let known = Set(try ReferenceRecord.filter(Column("conceptId") == existing.id!).fetchAll(db).map(\.sha256))
            guard known == Set(references.map(\.sha256)) else { throw Failure.otherReferences(concept.name) }
            return existing
        }
        return try insert(concept, references, db)
    }

    public func concepts() throws -> [ConceptRecord] {
        try db.read { try ConceptRecord.order(Column("name")).fetchAll($0) }
    }

    public func concept(named name: String) throws -> ConceptRecord? {
        try db.read { try ConceptRecord.filter(Column("name") == name).fetchOne($0) }
    }

    func require(_ name: String, in db: Database) throws -> ConceptRecord {
        if let c = try ConceptRecord.filter(Column("name") == name).fetchOne(db) { return c }
        throw Failure.unknown(name, known: try ConceptRecord.order(Column("name")).fetchAll(db).map(\.name))
    }

    public func references(of name: String) throws -> [ReferenceRecord] {
        try db.read { db in
            let c = try require(name, in: db)
            return try ReferenceRecord.filter(Column("conceptId") == c.id!).fetchAll(db)
        }
    }

    /// Renames a concept and the runs that name it; `movedFolders` (old folder path → new) rewrites
    /// the delta paths of runs whose folder the caller moves with it, in the same transaction.
    public func rename(_ old: String, to new: String, movedFolders: [String: String] = [:]) throws {
        guard ConceptName.isValid(new) else { throw Failure.invalidName(new) }
        try write { db in
            var c = try require(old, in: db)
            if try ConceptRecord.filter(Column("name") == new).fetchOne(db) != nil { throw Failure.duplicate(new) }
            c.name = new
            try c.update(db)
            // Runs name their concepts; keep them pointing at the same concept.
            for var r in try RunRecord.fetchAll(db) where r.conceptNames.contains(old) {
                r.concepts = r.conceptNames.map { $0 == old ? new : $0 }.joined(separator: ",")
                if let path = r.deltaPath, let (from, to) = movedFolders.first(where: { path.hasPrefix($0.key + "/") }) {
                    r.deltaPath = to + path.dropFirst(from.count)
                }
                try r.update(db)
            }
        }
    }

    /// Removes a concept, its references, and the runs that learned only it (with their metrics).
    /// Returns the removed runs (learned, stopped or failed alike), whose folders the caller deletes.
    @discardableResult
    public func remove(_ name: String) throws -> [RunRecord] {
        try write { db in
            let c = try require(name, in: db)
            var removed: [RunRecord] = []
            for r in try RunRecord.fetchAll(db) where r.conceptNames == [name] {
                _ = try r.delete(db)
                removed.append(r)
            }
            _ = try c.delete(db)
            return removed
        }
    }

    /// Adds imported concepts and the learned run that holds their delta in one transaction:
    /// either all of them are in the library afterwards, or none (a taken name refuses the lot).
    @discardableResult
    public func importConcepts(_ concepts: [ConceptRecord], run: RunRecord) throws -> RunRecord {
        for c in concepts where !ConceptName.isValid(c.name) { throw Failure.invalidName(c.name) }
        return try write { db in
            for c in concepts {
                if try ConceptRecord.filter(Column("name") == c.name).fetchOne(db) != nil { throw Failure.duplicate(c.name) }
                _ = try insert(c, [], db)
            }
            var r = run
            try r.insert(db)
            return r
        }
    }

    // MARK: runs and metrics

    /// Opens a run of concepts the library holds, adding `adding` first (each new, or matching the
    /// references it is held with) — one transaction, so a refused concept leaves no run and no other concept.
    public func startRun(_ run: RunRecord, adding: [(ConceptRecord, [(path: String, sha256: String, seconds: Double)])] = []) throws -> RunRecord {
        for (c, _) in adding where !ConceptName.isValid(c.name) { throw Failure.invalidName(c.name) }
        return try write { db in
            for (c, refs) in adding { _ = try addOrMatch(c, references: refs, db) }
            for n in run.conceptNames { _ = try require(n, in: db) }
            var r = run
            r.status = .learning
            try r.insert(db)
            return r
        }
    }

    public func update(_ run: RunRecord) throws {
        try write { db in try run.update(db) }
    }

    /// Marks a run stopped at `step` if it is still "learning" (its process is gone); false if it was not.
    @discardableResult
    public func markStopped(runId: Int64, step: Int) throws -> Bool {
        try write { db in
            try RunRecord.filter(Column("id") == runId && Column("status") == RunRecord.Status.learning.rawValue)
                .updateAll(db, Column("status").set(to: RunRecord.Status.stopped.rawValue), Column("step").set(to: step)) > 0
        }
    }

    public func runs(of name: String? = nil) throws -> [RunRecord] {
        try db.read { db in
            let all = try RunRecord.order(Column("startedAt").desc).fetchAll(db)
            return name.map { n in all.filter { $0.conceptNames.contains(n) } } ?? all
        }
    }

    /// The newest learned run that includes `name` (with `method`, when given).
    public func learnedRun(of name: String, method: String? = nil) throws -> RunRecord? {
        try runs(of: name).first { $0.status == .learned && $0.deltaPath != nil && (method == nil || $0.method == method) }
    }

    /// Records metric values; a resumed run replaces values it logs again for the same steps.
    public func record(runId: Int64, name: String, values: [(step: Int?, value: Double)]) throws {
        // SQLite stores NaN as NULL, which the NOT NULL column refuses with a bare "SQLite error 19".
        guard values.allSatisfy({ $0.value.isFinite }) else { throw Failure.notFinite(metric: name) }
        try write { db in
            for (step, value) in values {
                if let s = step {
                    try MetricRecord.filter(Column("runId") == runId && Column("name") == name && Column("step") == s).deleteAll(db)
                }
                var m = MetricRecord(runId: runId, name: name, step: step, value: value)
                try m.insert(db)
            }
        }
    }

    /// Records several metrics in one transaction (an evaluation's scores: all stored or none).
    public func record(runId: Int64, _ metrics: [(name: String, values: [(step: Int?, value: Double)])]) throws {
        for (name, values) in metrics where !values.allSatisfy({ $0.value.isFinite }) { throw Failure.notFinite(metric: name) }
        try write { db in
            for (name, values) in metrics {
                for (step, value) in values {
                    var m = MetricRecord(runId: runId, name: name, step: step, value: value)
                    try m.insert(db)
                }
            }
        }
    }

    /// Replaces every value of each named metric of a run (all in one transaction): for values
    /// a run computes once, such as its mask's, which a resumed run computes again.
    public func replaceMetrics(runId: Int64, _ metrics: [(name: String, values: [(step: Int?, value: Double)])]) throws {
        try write { db in
            for (name, values) in metrics {
                try MetricRecord.filter(Column("runId") == runId && Column("name") == name).deleteAll(db)
                for (step, value) in values {
                    var m = MetricRecord(runId: runId, name: name, step: step, value: value)
                    try m.insert(db)
                }
            }
        }
    }

    /// A run's scores: the newest value of each metric stored without a step (an evaluation's), by name.
    public func scores(runId: Int64) throws -> [MetricRecord] {
        let all = try db.read { try MetricRecord.filter(Column("runId") == runId && Column("step") == nil).order(Column("id")).fetchAll($0) }
        return Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { _, newer in newer }).values.sorted { $0.name < $1.name }
    }

    public func metrics(runId: Int64, name: String) throws -> [MetricRecord] {
        try db.read { try MetricRecord.filter(Column("runId") == runId && Column("name") == name).order(Column("step")).fetchAll($0) }
    }

    // MARK: clips

    @discardableResult
    public func addClip(_ clip: ClipRecord) throws -> ClipRecord {
        try write { db in
            var c = clip
            try c.insert(db)
            return c
        }
    }

    public func clips() throws -> [ClipRecord] {
        try db.read { try ClipRecord.order(Column("createdAt").desc).fetchAll($0) }
    }

    /// Marks a clip kept (starred) or not.
    public func setStarred(path: String, _ starred: Bool) throws {
        try write { db in _ = try ClipRecord.filter(Column("path") == path).updateAll(db, Column("starred").set(to: starred)) }
    }

    /// Forgets a clip (its file is the caller's to delete).
    public func removeClip(path: String) throws {
        try write { db in _ = try ClipRecord.filter(Column("path") == path).deleteAll(db) }
    }
}
