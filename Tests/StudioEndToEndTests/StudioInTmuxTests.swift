import Foundation
import Testing

/// The real `dreamstyler` binary in tmux at a fixed size, driven by keys and read back
/// with capture-pane: add a concept from a sample with a tiny learn, watch the loss
/// move, generate a clip, play it through an ALSA file sink, quit.
@Suite(.serialized) struct StudioInTmuxTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// DREAMSTYLER_BIN: another build of it (Scripts/sanitize passes its own).
    static let binary = ProcessInfo.processInfo.environment["DREAMSTYLER_BIN"] ?? root.appendingPathComponent(".build/release/dreamstyler").path

    let session = "dreamstyler-e2e-\(ProcessInfo.processInfo.processIdentifier)"
    var socket: String { FileManager.default.temporaryDirectory.appendingPathComponent("\(session).tmux").path }

    /// Runs tmux on a server of the test's own (`-S`), so that it starts the same way
    /// whether or not the user has a tmux server running; output is read through a file.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(session)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        let status = try spawnAndWait(["tmux", "-S", socket] + args, stdout: args.first == "capture-pane" ? file.path : "/dev/null")
        if status != 0 && args.first != "kill-server" { Issue.record("tmux \(args.first ?? "") exited with \(status)") }
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    func keys(_ k: String...) throws { try tmux(["send-keys", "-t", session] + k); Thread.sleep(forTimeInterval: 0.15) }
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]); Thread.sleep(forTimeInterval: 0.15) }

    /// Polls the screen until `check` holds; fails with the last screen after `seconds`.
    @discardableResult
    func wait(_ what: String, seconds: Double, _ check: (String) -> Bool) throws -> String {
        let end = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < end {
            last = try screen()
            if check(last) { return last }
            Thread.sleep(forTimeInterval: 0.25)
        }
        Issue.record("timed out waiting for \(what); the screen:\n\(last)")
        throw CancellationError()
    }

    @Test func learnWatchGeneratePlayAndQuit() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build -c release")
        // A data folder of its own, with the installed text encoder linked in.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("dreamstyler-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let realHome = ProcessInfo.processInfo.environment["DREAMSTYLER_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dreamstyler")
        try FileManager.default.createSymbolicLink(at: home.appendingPathComponent("text-encoder"), withDestinationURL: realHome.appendingPathComponent("text-encoder"))
        let sink = home.appendingPathComponent("played.raw").path
        let alsa = home.appendingPathComponent("alsa.conf")
        try "pcm.!default { type file file \"\(sink)\" format \"raw\" slave.pcm { type null } }\n".write(to: alsa, atomically: true, encoding: .utf8)
        let command = "cd \(Self.root.path) && DREAMSTYLER_HOME=\(home.path) \(Self.binary) studio --theme monochrome --steps 20 "
            + "--batch 2 --mask-epochs 1 --sample-every 10 --audio-config \(alsa.path); sleep 30"
        try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", command])
        defer {
            _ = try? tmux(["kill-server"])
            try? FileManager.default.removeItem(atPath: socket)
        }
        // A first run offers the samples' concepts, ready to learn.
        // Generous: on a loaded machine (the suite in parallel, a learn beside it) the start took over 20 s once.
        try wait("the studio", seconds: 60) { $0.contains("DreamStyler Studio") && $0.contains("koto") && $0.contains("reggae") && $0.contains("new") }

        // Add a concept from a sample file; the studio starts learning it at once.
        try keys("a")
        try type("skank genre Samples/reggae-tra")
        try keys("Tab")
        try wait("path completion", seconds: 5) { $0.contains("Samples/reggae-train.flac") }
        try keys("Enter")
        try keys("2")
        let training = try wait("the loss curve to move", seconds: 120) { s in
            s.contains("<skank> — tuning") && s.contains("loss 0.") && s.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }
        }
        #expect(training.contains("steps/s"))
        try wait("the learn to finish", seconds: 120) { $0.contains("learned <skank>") }
        try keys("3")
        // A genre learns at P = 100 %: every entry trains, so there is no mask to show, and the panel says why.
        try wait("the mask panel", seconds: 5) { $0.contains("No mask: a concept at P = 100 % trains every entry.") }

        // Generate with the new concept.
        try keys("4")
        try type("a short piece with <sk")
        try keys("Tab")
        try wait("identifier completion", seconds: 5) { $0.contains("> a short piece with <skank>") }
        try keys("Enter")
        try wait("the clip", seconds: 120) { $0.contains("ready: a short piece with <skank>") }

        // Play it through the file sink.
        try keys("Tab")
        try keys("Space")
        // The file sink does not pace playback, so the clip is written out at once.
        let end = Date().addingTimeInterval(20)
        var played = 0
        while Date() < end {
            played = (try? FileManager.default.attributesOfItem(atPath: sink)[.size] as? Int) ?? 0
            if played > 0 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(played > 16_000, "the ALSA file sink received \(played) bytes")
        #expect(try !screen().contains("cannot play"))

        // The library holds the concept and the clip; q quits the studio.
        try keys("q")
        try wait("the studio to quit", seconds: 20) { !$0.contains("DreamStyler Studio") }
        let list = Process()
        list.executableURL = URL(fileURLWithPath: Self.binary)
        list.arguments = ["library", "list"]
        list.environment = ProcessInfo.processInfo.environment.merging(["DREAMSTYLER_HOME": home.path]) { $1 }
        let out = Pipe()
        list.standardOutput = out
        try list.run()
        list.waitUntilExit()
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("learned"))
    }
}
