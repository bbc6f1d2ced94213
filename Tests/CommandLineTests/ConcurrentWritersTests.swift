import EngineTestSupport
import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Separate `dreamstyler` processes on one data folder: a learn running in the background refuses
/// a second learn, a remove and a rename at once, while readers go on; Ctrl-C stops it with status
/// 130; SIGKILL leaves its lock free for `--resume`, and the run is marked stopped by the next
/// command; the resumed learn ends learned with a loss curve of exactly one point per 10 steps.
@Suite(.serialized) struct ConcurrentWritersTests {
    static let learn = ["learn", "reggae", "Samples/reggae-train.flac", "--kind", "genre", "--steps", "300", "--batch", "2",
                        "--mask-epochs", "1", "--sample-every", "0"]

    /// Waits until the background learn's output satisfies `check`.
    func wait(for what: String, in output: URL, seconds: Double = 120, _ check: (String) -> Bool) throws {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if check((try? String(contentsOf: output, encoding: .utf8)) ?? "") { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what): \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        throw CancellationError()
    }

    func tuningStep(_ output: String) -> Int {
        guard let tuning = output.range(of: "tuning <reggae>") else { return -1 }
        return output[tuning.upperBound...].split(separator: "\n").compactMap { line -> Int? in
            let parts = line.split(separator: " ")
            return parts.first == "step" ? Int(parts[1]) : nil
        }.last ?? 0
    }

    @Test func oneWriterPerConceptAcrossProcessesAndSignals() throws {
        let cli = try Dreamstyler()
        try #require(FileManager.default.isExecutableFile(atPath: Dreamstyler.binary), "build first: swift build -c release")
        let log = Fixtures.temporaryFolder("cli-learn").appendingPathComponent("learn.log")

        // 1. A learn in the background; the other writers are refused at once, readers are served.
        let first = try cli.start(Self.learn, output: log)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try wait(for: "tuning", in: log) { tuningStep($0) >= 10 }
        let refusal = "dreamstyler: concept <reggae> is being learned by process \(first.processIdentifier)"
        for args in [Self.learn, Self.learn + ["--resume"], ["library", "remove", "reggae", "--yes"], ["library", "rename", "reggae", "dub"]] {
            let start = Date()
            let r = try cli.run(args)
            #expect(r.status == 1 && r.stderrLines == [Substring(refusal)], "\(args): \(r.stderr)")
            #expect(Date().timeIntervalSince(start) < 10, "\(args) waited")
        }
        let list = try cli.run(["library", "list"])
        #expect(list.status == 0 && list.stdout.contains("learning"))

        // 2. Ctrl-C: a clean stop, status 130, the run stopped at the step it reached.
        kill(first.processIdentifier, SIGINT)
        first.waitUntilExit()
        #expect(first.terminationReason == .exit && first.terminationStatus == 130)
        let stopped = try cli.run(["library", "show", "reggae"])
        #expect(stopped.stdout.contains("stopped  step") && !stopped.stdout.contains("stopped  step 0\n"), "\(stopped.stdout)")

        // 3. SIGKILL during the resumed learn: no clean-up at all, yet the lock is free at once.
        let log2 = Fixtures.temporaryFolder("cli-learn").appendingPathComponent("learn.log")
        let second = try cli.start(Self.learn + ["--resume"], output: log2)
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try wait(for: "the resumed learn", in: log2) { tuningStep($0) >= 10 }
        kill(second.processIdentifier, SIGKILL)
        second.waitUntilExit()
        let killed = try cli.run(["library", "show", "reggae"])
        #expect(killed.stdout.contains("stopped  step"), "the next command marks the killed run stopped: \(killed.stdout)")

        // 4. Resumed to the end: learned, one loss point per 10 steps, no stray temporary files.
        let done = try cli.run(Self.learn + ["--resume"])
        #expect(done.status == 0 && done.stdout.contains("learned in"), "\(done.stderr)")
        let show = try cli.run(["library", "show", "reggae"])
        #expect(show.stdout.contains("learned  step 300") && show.stdout.contains("(30 points logged)"), "\(show.stdout)")
        // A run's stored scores are shown, the newest of each, a quick look's under its own name.
        let file = cli.home.appendingPathComponent("library.sqlite")
        let db = try DatabaseQueue(path: file.path)
        try db.write { db in
            for (name, value) in [("text_alignment@quick", 2.5), ("text_alignment@quick", 3.25), ("audio_alignment.reggae", 41.0)] {
                try db.execute(sql: "INSERT INTO metric (runId, name, step, value) SELECT MAX(id), ?, NULL, ? FROM run", arguments: [name, value])
            }
        }
        try db.close()
        let scored = try cli.run(["library", "show", "reggae"])
        #expect(scored.stdout.contains("    audio_alignment.reggae  41.000\n    text_alignment@quick  3.250\n"), "\(scored.stdout)")
        let strays = cli.snapshot().keys.filter { $0.split(separator: "/").contains { $0.hasPrefix(".") && ($0.contains(".tmp-") || $0.hasSuffix(".partial")) } }
        #expect(strays.isEmpty, "\(strays)")
    }
}
