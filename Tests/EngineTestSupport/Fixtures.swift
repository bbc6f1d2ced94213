import Foundation

/// Where tests find data that `Scripts/setup` installs or that lies beside the project.
public enum Fixtures {
    /// The data folder: `$DREAMSTYLER_HOME`, or `~/.local/share/dreamstyler`.
    public static var dataFolder: URL {
        if let h = ProcessInfo.processInfo.environment["DREAMSTYLER_HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dreamstyler")
    }

    /// The MiniLM folder that `Scripts/setup` unpacks.
    public static var miniLMFolder: URL { dataFolder.appendingPathComponent("text-encoder/all-MiniLM-L6-v2") }

    /// `Tests/Fixtures` in the repository: reference data the tests compare against
    /// (its README names where each file came from), so a fresh clone needs nothing beside it.
    public static var reference: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The repository's root (for `Fuzz/regressions`: inputs that once crashed a reader).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh empty folder, inside this test process's own temporary root.
    public static func temporaryFolder(_ name: String = "test") -> URL {
        let url = temporaryRoot.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One folder per test process, removed when the process exits, so that a test
    /// run leaves nothing under the system's temporary directory.
    public static let temporaryRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dreamstyler-tests-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixtures.temporaryRoot) }
        return url
    }()
}
