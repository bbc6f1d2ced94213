import EngineTestSupport
import Foundation
import GRDB
import Library
import Method
import Testing
import Training
#if canImport(Glibc)
import Glibc
#endif

/// One writer per concept, and a library that other connections can read (and write) while a
/// learn runs. The second writer acts from inside the first learn's progress callback, so the
/// first one provably holds its lock at that moment — no timing guesses.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func aSecondWriterOfALearningConceptFailsAtOnce() throws {
        let box = try LearnSandbox()
        var tried = false
        let record = try box.session().run(stop: StopSignal()) { event in
            guard case .log = event, !tried else { return }
            tried = true
            let held = ConceptLock.Held(concept: "koto", pid: getpid(), action: "learned")
            let start = Date()
            #expect(throws: held) { try box.session().run(stop: StopSignal()) }
            #expect(throws: held) { try box.session(resume: true).run(stop: StopSignal()) }
            #expect(throws: held) { try ConceptEdits.remove("koto", library: box.library, dataFolder: box.data) }
            #expect(throws: held) { try ConceptEdits.rename("koto", to: "zither", library: box.library, dataFolder: box.data) }
            #expect(Date().timeIntervalSince(start) < 2, "refusals must not wait")
            #expect(held.description == "concept <koto> is being learned by process \(getpid())")
            #expect(box.library.isLocked("koto"))
        }
        #expect(tried)
        #expect(record.status == .learned && record.step == 20)
        // One run, learned; the refused writers added nothing; the lock went with the learn.
        #expect(try box.library.runs().map(\.status) == [RunRecord.Status.learned])
        #expect(try box.library.concept(named: "koto") != nil)
        #expect(!box.library.isLocked("koto"))
        try ConceptEdits.remove("koto", library: box.library, dataFolder: box.data)
        #expect(try box.library.concepts().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.data.appendingPathComponent("concepts").path).isEmpty)
    }

    @Test func aLearnRecordsEveryLossWhileAReaderHoldsATransaction() throws {
        let box = try LearnSandbox()
        let reader = try DatabaseQueue(path: box.data.appendingPathComponent("library.sqlite").path)
        var record: RunRecord?
        try reader.read { db in
            // The read transaction starts with this query and lasts until the closure returns.
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM run")
            record = try box.session().run(stop: StopSignal())
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM run") == before, "the reader keeps its snapshot")
        }
        let run = try #require(record)
        #expect(run.status == .learned)
        #expect(try box.library.metrics(runId: run.id!, name: "loss").map(\.step) == [10, 20])
        #expect(try reader.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func aLearnWaitsForAnotherWriterInsteadOfFailing() throws {
        let box = try LearnSandbox()
        let writer = try DatabaseQueue(path: box.data.appendingPathComponent("library.sqlite").path)
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    holding.signal()
                    Thread.sleep(forTimeInterval: 1)
                    return .commit
                }
            }
            done.signal()
        }
        holding.wait()
        let record = try box.session().run(stop: StopSignal())
        done.wait()
        #expect(record.status == .learned)
        #expect(try box.library.metrics(runId: record.id!, name: "loss").map(\.step) == [10, 20])
    }

    /// A learn of `box` stopped after tuning step 10 (its checkpoint).
    func stoppedAt10(_ box: LearnSandbox) throws -> RunRecord {
        let stop = StopSignal()
        var tuning = false
        return try box.session().run(stop: stop) { event in
            if case .phase("tuning", _) = event { tuning = true }
            if tuning, case .log(10, _, _) = event { stop.request() }
        }
    }

    @Test func aStoppedLearnResumesOnlyWithTheSameSettingsAndKeepsOneCopyOfItsMask() throws {
        let box = try LearnSandbox()
        let first = try stoppedAt10(box)
        #expect(first.status == .stopped && first.step == 10)
        let files = box.snapshot(), rows = try box.rows()
        // Other settings, or no --resume: refused before anything changes.
        let other = try box.session(steps: 30, resume: true)
        let e = try #require(throws: LearnFailure.self) { try other.run(stop: StopSignal()) }
        #expect(e.description.contains("steps 20 → 30"))
        #expect(throws: LearnFailure.self) { try box.session().run(stop: StopSignal()) }
        #expect(box.snapshot() == files)
        #expect(try box.rows() == rows)
        let resumed = try box.session(resume: true).run(stop: StopSignal())
        #expect(resumed.id == first.id && resumed.status == .learned && resumed.step == 20)
        for name in ["mask_maximum", "mask_threshold", "pivotal_entries"] {
            #expect(try box.library.metrics(runId: resumed.id!, name: name).count == 1, "\(name)")
        }
        #expect(try box.library.metrics(runId: resumed.id!, name: "mask_histogram").count == 40)
        #expect(try box.library.metrics(runId: resumed.id!, name: "loss").map(\.step) == [10, 20])
        // Learned: learning it again is refused, and changes nothing.
        let learned = box.snapshot(), learnedRows = try box.rows()
        #expect(throws: LearnFailure.self) { try box.session().run(stop: StopSignal()) }
        #expect(box.snapshot() == learned)
        #expect(try box.rows() == learnedRows)
    }

    /// A pid no process has (the sweep takes a temporary file of a dead writer for a leftover).
    func deadPid() -> Int32 {
        var pid: Int32 = 4_000_000
        while kill(pid, 0) == 0 || errno != ESRCH { pid -= 1 }
        return pid
    }

    @Test func theStartSweepStopsRunsOfDeadLearnsAndRemovesTheirLeftovers() throws {
        let box = try LearnSandbox()
        var record = try stoppedAt10(box)
        // As a SIGKILL leaves it: "learning", and temporary files of interrupted writes.
        record.status = .learning
        record.step = 0
        try box.library.update(record)
        let run = box.data.appendingPathComponent("concepts/koto-dreamstyler")
        let dead = deadPid()
        let leftovers = [run.appendingPathComponent(".koto.delta.safetensors.tmp-\(dead)-1"),
                         run.appendingPathComponent("tune/checkpoints/.latest.tmp-\(dead)-2"),
                         box.data.appendingPathComponent(".library.sqlite.tmp-\(dead)-3")]
        for url in leftovers { try Data("x".utf8).write(to: url) }
        let partial = run.appendingPathComponent("tune/checkpoints/.step-000000020.partial")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        let live = run.appendingPathComponent(".koto.delta.safetensors.tmp-\(getpid())-4")
        try Data("x".utf8).write(to: live)

        // While a learn holds the concept, its run and its partial checkpoint are left alone.
        let lock = try box.library.lock(["koto"], for: "learned")
        let held = try LeftoverSweep.run(library: box.library, dataFolder: box.data)
        #expect(held.stopped.isEmpty && FileManager.default.fileExists(atPath: partial.path))
        #expect(try box.library.runs().first?.status == .learning)
        lock.release()

        let report = try LeftoverSweep.run(library: box.library, dataFolder: box.data)
        #expect(report.stopped.map(\.id) == [record.id!] && report.stopped.map(\.step) == [10])
        let after = try #require(try box.library.runs().first)
        #expect(after.status == .stopped && after.step == 10)
        for url in leftovers + [partial] { #expect(!FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent)") }
        #expect(FileManager.default.fileExists(atPath: live.path), "a live writer's file is kept")
        try FileManager.default.removeItem(at: live)
        // The stopped run resumes to the end, and a learned run keeps no checkpoints.
        #expect(try box.session(resume: true).run(stop: StopSignal()).status == .learned)
        let checkpoints = [run.appendingPathComponent("tune/checkpoints"), run.appendingPathComponent("mask-koto/checkpoints")]
        for url in checkpoints { #expect(!FileManager.default.fileExists(atPath: url.path), "\(url.path) is left after the learn") }
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("tune/loss.jsonl").path))
        // Checkpoints a kill left between the record and their removal go at the next start.
        let stray = run.appendingPathComponent("tune/checkpoints/step-000000010")
        try FileManager.default.createDirectory(at: stray, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: stray.appendingPathComponent("state.json"))
        let swept = try LeftoverSweep.run(library: box.library, dataFolder: box.data)
        #expect(swept.removed == [checkpoints[0].path] && !FileManager.default.fileExists(atPath: checkpoints[0].path))
    }
}
