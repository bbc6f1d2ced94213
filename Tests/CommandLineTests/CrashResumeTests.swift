import EngineTestSupport
import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A short learn SIGKILLed at seeded random points, resumed with `--resume` after every kill, must end
/// exactly where an uninterrupted learn ends: the same delta tensors bit for bit, the same loss curve
/// and mask metrics, the same files. After every kill the library passes SQLite's integrity check and
/// holds a sane run (no run and no concept, or one run learning/stopped/learned at a checkpoint's
/// step) whose loss points are a prefix of the uninterrupted curve (no gap, no duplicate, same values);
/// after the next command's start sweep the run is stopped (or learned) and no temporary file remains.
///
/// Kill points are drawn stratified over the uninterrupted learn's measured wall time, so they fall in
/// start-up, mask training, tuning, and the checkpoint and delta writes at its end. A learn that ends
/// before its kill finishes its sandbox (checked like the end of any sandbox) and a fresh one goes on,
/// until `kills` kills have landed.
@Suite(.serialized) struct CrashResumeTests {
    static let name = "crashkoto"
    static let steps = 24
    static let learn = ["learn", name, "REF", "--kind", "instrument", "--steps", "\(steps)", "--batch", "2", "--mask-epochs", "2",
                        "--sample-every", "0", "--precision", "fp32"]
    static let kills = 20
    /// A guard against a hang, not a speed target: 240 s was too short on a 2-core Zen 3 (AVX2)
    /// with the rest of the suite running beside it.
    static let killBudget: Double = 600
    static let seed: UInt64 = 0x5EED_C0DE

    /// SplitMix64: the kill points depend on the seed only.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    enum KillPoint { case after(String?, Double) }

    struct Run: Equatable { var status: String; var step: Int; var deltaPath: String? }
    struct State {
        var integrity: String
        var concepts: Int
        var runs: [Run]
        var loss: [(step: Int, value: Double)]
        /// Every metric of the run but the loss, as "name step value" lines, sorted.
        var metrics: [String]
    }

    /// Failed checks so far (a kill is survived when no check after it failed).
    final class Failures: @unchecked Sendable { var count = 0 }
    let failures = Failures()

    func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition {
            failures.count += 1
            Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation)
        }
    }

    func args(_ ref: URL, resume: Bool) -> [String] {
        Self.learn.map { $0 == "REF" ? ref.path : $0 } + (resume ? ["--resume"] : [])
    }

    /// The library read through a read-only connection, exactly as the last process left it.
    func state(_ cli: Dreamstyler) throws -> State {
        // A kill before the library was first opened leaves none (or one without tables yet).
        try cli.readLibrary { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            guard try db.tableExists("run") else { return State(integrity: integrity, concepts: 0, runs: [], loss: [], metrics: []) }
            let concepts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM concept") ?? -1
            let rows = try Row.fetchAll(db, sql: "SELECT id, status, step, deltaPath FROM run ORDER BY id")
            let runs = rows.map { Run(status: $0["status"], step: $0["step"], deltaPath: $0["deltaPath"]) }
            guard let id: Int64 = rows.first?["id"] else { return State(integrity: integrity, concepts: concepts, runs: runs, loss: [], metrics: []) }
            let loss = try Row.fetchAll(db, sql: "SELECT step, value FROM metric WHERE runId = ? AND name = 'loss' ORDER BY id", arguments: [id])
                .map { (step: ($0["step"] as Int?) ?? -1, value: $0["value"] as Double) }
                .sorted { $0.step < $1.step }
            let metrics = try Row.fetchAll(db, sql: "SELECT name, step, value FROM metric WHERE runId = ? AND name != 'loss'", arguments: [id])
                .map { "\($0["name"] as String) \(($0["step"] as Int?).map(String.init) ?? "-") \(($0["value"] as Double).bitPattern)" }.sorted()
            return State(integrity: integrity, concepts: concepts, runs: runs, loss: loss, metrics: metrics)
        } ?? State(integrity: "ok", concepts: 0, runs: [], loss: [], metrics: [])
    }

    var runFolder: String { "data/concepts/\(Self.name)-dreamstyler" }

    /// Temporary files of atomic writes and partial checkpoints, anywhere in the data folder.
    func strays(_ cli: Dreamstyler) -> [String] {
        cli.snapshot().keys.filter { $0.split(separator: "/").contains { $0.hasPrefix(".") && ($0.contains(".tmp-") || $0.hasSuffix(".partial")) } }.sorted()
    }

    /// The files of the data folder by name (bookkeeping files left out).
    func files(_ cli: Dreamstyler) -> Set<String> {
        Set(cli.snapshot().keys.filter { !$0.hasPrefix("data/locks") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") && !$0.hasPrefix("data/text-encoder") })
    }

    /// A safetensors file as its tensor table, its metadata (`createdAt` dropped from JSON values) and its data bytes.
    func tensors(_ url: URL) throws -> (header: NSDictionary, metadata: NSDictionary, data: Data) {
        let bytes = try Data(contentsOf: url)
        try #require(bytes.count >= 8)
        let n = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian })
        try #require(8 + n <= bytes.count)
        var header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<8 + n)) as? [String: Any])
        var metadata = (header.removeValue(forKey: "__metadata__") as? [String: String]) ?? [:]
        for (k, v) in metadata {
            if var o = (try? JSONSerialization.jsonObject(with: Data(v.utf8))) as? [String: Any] {
                o.removeValue(forKey: "createdAt")
                metadata[k] = String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
            }
        }
        return (header as NSDictionary, metadata as NSDictionary, bytes.subdata(in: 8 + n..<bytes.count))
    }

    /// What the learn's output says it reached when it was killed.
    func phase(_ output: String) -> String {
        let lines = output.split(separator: "\n")
        if output.contains("learned in") { return "after learned" }
        if let t = lines.lastIndex(where: { $0.hasPrefix("tuning") }) {
            let step = lines[t...].compactMap { l -> Int? in let p = l.split(separator: " "); return p.first == "step" ? Int(p[1]) : nil }.last
            return "tuning after step \(step ?? 0)"
        }
        if output.contains("prior clips:") { return "prior clips" }
        if output.contains("mask <") { return output.contains("pivotal set") ? "mask done" : "mask training" }
        return "start-up"
    }

    /// Checks the library after a kill (before any other process touched it).
    func checkAfterKill(_ s: State, reference a: State, _ where_: String) {
        check(s.integrity == "ok", "\(where_): integrity_check \(s.integrity)")
        check(s.runs.count <= 1, "\(where_): \(s.runs)")
        check(s.concepts == s.runs.count, "\(where_): \(s.concepts) concepts, \(s.runs.count) runs (not added in one transaction)")
        if let r = s.runs.first {
            check(["learning", "stopped", "learned"].contains(r.status), "\(where_): \(r)")
            check(r.step == 0 || r.step == Self.steps, "\(where_): step \(r.step) is no checkpoint's")
            if r.status == "learned" { check(r.step == Self.steps && r.deltaPath != nil, "\(where_): \(r)") }
        }
        checkLoss(s, reference: a, where_)
    }

    /// The loss points are the uninterrupted curve's first points: no gap, no duplicate, same values.
    func checkLoss(_ s: State, reference a: State, _ where_: String) {
        let steps = s.loss.map(\.step)
        check(Set(steps).count == steps.count, "\(where_): duplicate loss steps \(steps)")
        check(steps.count <= a.loss.count && zip(s.loss, a.loss).allSatisfy { $0.step == $1.step && $0.value.bitPattern == $1.value.bitPattern },
                "\(where_): loss \(s.loss) is not a prefix of \(a.loss)")
    }

    @Test func seededKillsAndResumesEndBitIdentical() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Dreamstyler.binary), "build first: swift build -c release")
        let started = Date()
        let refFolder = Fixtures.temporaryFolder("crash-ref")
        let ref = refFolder.appendingPathComponent("tone.wav")
        try WAV.write(WAV.tone(seconds: 12), to: ref)

        // A: uninterrupted.
        let a = try Dreamstyler()
        let t0 = Date()
        let done = try a.run(args(ref, resume: false))
        let duration = Date().timeIntervalSince(t0)
        try #require(done.status == 0 && done.stdout.contains("learned in"), "\(done.stderr)")
        let sa = try state(a)
        try #require(sa.integrity == "ok" && sa.runs == [Run(status: "learned", step: Self.steps, deltaPath: sa.runs.first?.deltaPath)])
        try #require(sa.loss.map(\.step) == Array(stride(from: 10, to: Self.steps, by: 10)) + [Self.steps], "\(sa.loss)")
        let deltaName = "\(runFolder)/\(Self.name).delta.safetensors", maskName = "\(runFolder)/mask-\(Self.name)/delta_m.safetensors"
        let deltaA = try tensors(a.outer.appendingPathComponent(deltaName)), maskA = try tensors(a.outer.appendingPathComponent(maskName))
        let filesA = files(a)

        // B: killed at seeded points, resumed after each kill; fresh sandboxes while kills are due.
        var rng = Rng(state: Self.seed)
        // Half the kills at a stratified fraction of the uninterrupted wall time; a quarter soon after
        // mask training starts; a quarter soon after the last loss point (checkpoint and delta writes).
        let timed = Self.kills / 2
        var points: [KillPoint] = (0..<timed).map { .after(nil, (Double($0) + rng.unit()) / Double(timed) * 1) }
        for i in 0..<(Self.kills - timed) {
            points.append(i % 2 == 0 ? .after("mask training", 0.3 * rng.unit()) : .after("step    \(Self.steps) ", 0.15 * rng.unit()))
        }
        for i in stride(from: points.count - 1, to: 0, by: -1) { points.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var landed: [String] = []
        var tried = 0, sandboxes = 0, survived = 0
        while landed.count < Self.kills && tried < 4 * Self.kills && Date().timeIntervalSince(started) < Self.killBudget {
            let b = try Dreamstyler()
            sandboxes += 1
            var resume = false
            var finished = false
            // Kills stop at the budget, but the sandbox's learn is always resumed to its end (then
            // compared with the uninterrupted one): a slow CPU lands fewer kills, it does not fail.
            while !finished && Date().timeIntervalSince(started) < 2 * Self.killBudget {
                let due = landed.count < Self.kills && Date().timeIntervalSince(started) < Self.killBudget
                let point = points[tried % points.count]
                var delay = 0.0
                let out = Fixtures.temporaryFolder("crash-out").appendingPathComponent("learn")
                let p = try b.start(args(ref, resume: resume), output: out)
                resume = true
                if due {
                    tried += 1
                    switch point {
                    case .after(nil, let fraction):
                        delay = fraction * duration
                    case .after(let anchor?, let seconds):
                        // Waits for the line (or the tuning, when the mask is stored), then the seeded delay.
                        let t = Date()
                        while p.isRunning {
                            let o = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
                            if o.contains(anchor) || (anchor == "mask training" && o.contains("tuning")) { break }
                            Thread.sleep(forTimeInterval: 0.002)
                        }
                        delay = Date().timeIntervalSince(t) + seconds
                        Thread.sleep(forTimeInterval: seconds)
                    }
                    if case .after(nil, _) = point { Thread.sleep(forTimeInterval: delay) }
                    if p.isRunning { kill(p.processIdentifier, SIGKILL) }
                }
                let end = Date().addingTimeInterval(120)
                while p.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.01) }
                if p.isRunning { kill(p.processIdentifier, SIGKILL) }
                p.waitUntilExit()
                let output = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
                let killed = p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
                let where_ = "sandbox \(sandboxes), attempt \(tried)" + (due ? String(format: ", kill at %.2f s", delay) : ", to the end")
                if !killed {
                    let err = (try? String(contentsOf: URL(fileURLWithPath: out.path + ".err"), encoding: .utf8)) ?? ""
                    try #require(p.terminationReason == .exit && p.terminationStatus == 0 && output.contains("learned in"),
                                 "\(where_): learn ended \(p.terminationStatus): \(err)")
                    finished = true
                    break
                }
                // Killed: the library as the kill left it, then after the next command's start sweep.
                let failedBefore = failures.count
                let leftovers = strays(b)
                landed.append(phase(output) + (leftovers.isEmpty ? "" : " (mid-write: \(leftovers.map { $0.split(separator: "/").last! }.joined(separator: ", ")))"))
                let s = try state(b)
                checkAfterKill(s, reference: sa, where_ + " [\(landed.last!)]")
                let list = try b.run(["library", "list"])
                check(list.status == 0, "\(where_): library list \(list.stderr)")
                let swept = try state(b)
                checkAfterKill(swept, reference: sa, where_ + " after the sweep")
                if let r = swept.runs.first {
                    check(r.status == "stopped" || r.status == "learned", "\(where_): after the sweep \(r)")
                    let checkpoint = FileManager.default.fileExists(
                        atPath: b.outer.appendingPathComponent("\(runFolder)/tune/checkpoints/step-\(String(format: "%09d", Self.steps))").path)
                    if r.status == "stopped" { check(r.step == (checkpoint ? Self.steps : 0), "\(where_): stopped at \(r.step), checkpoint \(checkpoint)") }
                }
                check(strays(b).isEmpty, "\(where_): after the sweep \(strays(b))")
                if failures.count == failedBefore { survived += 1 }
                if swept.runs.first?.status == "learned" { finished = true }
            }
            try #require(finished, "sandbox \(sandboxes) did not finish in time")

            // The end: the same library content, delta, mask and files as the uninterrupted learn.
            let sb = try state(b)
            #expect(sb.integrity == "ok" && sb.concepts == 1)
            #expect(sb.runs.map { Run(status: $0.status, step: $0.step, deltaPath: nil) } == [Run(status: "learned", step: Self.steps, deltaPath: nil)], "\(sb.runs)")
            #expect(sb.loss.count == sa.loss.count && zip(sb.loss, sa.loss).allSatisfy { $0.step == $1.step && $0.value.bitPattern == $1.value.bitPattern },
                    "loss curve \(sb.loss) ≠ \(sa.loss)")
            #expect(sb.metrics == sa.metrics, "mask metrics differ: \(Set(sb.metrics).symmetricDifference(sa.metrics))")
            let deltaB = try tensors(b.outer.appendingPathComponent(deltaName)), maskB = try tensors(b.outer.appendingPathComponent(maskName))
            #expect(deltaB.header == deltaA.header && deltaB.data == deltaA.data, "delta tensors differ from the uninterrupted run's")
            #expect(deltaB.metadata == deltaA.metadata, "delta manifest differs: \(deltaB.metadata) vs \(deltaA.metadata)")
            #expect(maskB.header == maskA.header && maskB.data == maskA.data && maskB.metadata == maskA.metadata, "mask Δ_M differs")
            #expect(strays(b).isEmpty, "\(strays(b))")
            let filesB = files(b)
            #expect(filesB == filesA, "files: only B \(filesB.subtracting(filesA).sorted()), only A \(filesA.subtracting(filesB).sorted())")
        }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "crash test: %d kills survived / %d landed (%d tried, %d sandboxes, seed %llx, uninterrupted learn %.1f s, %.0f s in all)",
                     survived, landed.count, tried, sandboxes, Self.seed, duration, seconds))
        for (i, l) in landed.enumerated() { print("  kill \(i + 1): \(l)") }
        #expect(survived == landed.count, "\(landed.count - survived) kills not survived")
        #expect(landed.count >= Self.kills, "only \(landed.count) kills landed in \(tried) tries")
    }
}
