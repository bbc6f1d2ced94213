import EngineTestSupport
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The built `dreamstyler` binary (`swift build -c release` first; Scripts/test does it), run in the
/// checkout (so it finds Models/base and Samples/) with a data folder of its own.
struct Dreamstyler {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// DREAMSTYLER_BIN: another build of it (Scripts/sanitize passes its own).
    static let binary = ProcessInfo.processInfo.environment["DREAMSTYLER_BIN"] ?? root.appendingPathComponent(".build/release/dreamstyler").path

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    /// The data folder, inside a folder of its own (`outer`), with the installed text encoder linked in.
    let outer: URL
    let home: URL

    init() throws {
        outer = Fixtures.temporaryFolder("cli")
        home = outer.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let encoder = Fixtures.dataFolder.appendingPathComponent("text-encoder")
        if FileManager.default.fileExists(atPath: encoder.path) {
            try FileManager.default.createSymbolicLink(at: home.appendingPathComponent("text-encoder"), withDestinationURL: encoder)
        }
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["DREAMSTYLER_HOME"] = home.path
        env.removeValue(forKey: "DREAMSTYLER_MODEL")
        return env
    }

    /// Starts the binary with stdout and stderr going to files (read back once it ends).
    func start(_ args: [String], output: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.environment = environment
        p.currentDirectoryURL = Self.root
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: output.path + ".err", contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: output)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".err"))
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs the binary to its end (killed after `timeout` seconds).
    @discardableResult
    func run(_ args: [String], timeout: Double = 600) throws -> Result {
        let out = Fixtures.temporaryFolder("cli-out").appendingPathComponent("out")
        let p = try start(args, output: out)
        let end = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.01) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let status = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
        return Result(status: status, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: URL(fileURLWithPath: out.path + ".err"), encoding: .utf8)) ?? "")
    }

    /// The library through a read-only connection, exactly as the last process left it; nil while there is none.
    func readLibrary<T>(_ body: (Database) throws -> T) throws -> T? {
        let file = home.appendingPathComponent("library.sqlite")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        var config = Configuration()
        config.readonly = true
        let db = try DatabaseQueue(path: file.path, configuration: config)
        defer { try? db.close() }
        return try db.read(body)
    }

    /// Every path under the outer folder with its size and a digest of its contents; lock files,
    /// SQLite's WAL side files and the linked text encoder by name only (their contents are bookkeeping).
    func snapshot() -> [String: String] {
        var out: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: outer.path) else { return out }
        while let rel = walker.nextObject() as? String {
            let url = outer.appendingPathComponent(rel)
            if rel == "data/text-encoder" { walker.skipDescendants() }
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if isDirectory.boolValue || rel.hasPrefix("data/locks/") || rel.hasSuffix("-wal") || rel.hasSuffix("-shm") || rel == "data/text-encoder" {
                out[rel] = "-"
                continue
            }
            let bytes = FileManager.default.contents(atPath: url.path) ?? Data()
            out[rel] = "\(bytes.count):\(bytes.reduce(into: UInt64(1469598103934665603)) { $0 = ($0 ^ UInt64($1)) &* 1099511628211 })"
        }
        return out
    }
}

/// Small audio files written by hand as 32-bit float WAV, so they can hold what no encoder would write (NaN).
enum WAV {
    static func write(_ samples: [Float], to url: URL, rate: Int = 16_000) throws {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + 4 * samples.count)
        d.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16)
        u16(3); u16(1); u32(rate); u32(rate * 4); u16(4); u16(32)   // IEEE float, mono
        d.append(contentsOf: Array("data".utf8)); u32(4 * samples.count)
        for s in samples { withUnsafeBytes(of: s.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        try d.write(to: url)
    }

    static func tone(seconds: Double, rate: Int = 16_000) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { 0.3 * Float(sin(2 * .pi * 330 * Double($0) / Double(rate))) }
    }
}
