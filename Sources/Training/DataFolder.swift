import Foundation

/// Where the product keeps its data: `$DREAMSTYLER_HOME`, or `~/.local/share/dreamstyler`.
public enum DataFolder {
    public static var url: URL {
        if let h = ProcessInfo.processInfo.environment["DREAMSTYLER_HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dreamstyler")
    }

    /// A sub-folder, created if missing.
    public static func folder(_ path: String) throws -> URL {
        let u = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
