import Foundation

/// Where the product keeps its data: `$DREAMSTYLER_HOME`, or `~/.local/share/dreamstyler`.
///
/// Every path the product builds under it goes through `inside(_:)`: names that come from
/// a user or a file (a concept's name, an imported manifest's) can never reach outside it.
public enum DataFolder {
    public static var url: URL {
        if let h = ProcessInfo.processInfo.environment["DREAMSTYLER_HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dreamstyler")
    }

    /// A path that would leave the data folder, or a component that is not a plain file name.
    public struct UnsafePath: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "refusing the path '\(UnsafePath.printable(path))' in the data folder: \(reason)" }

        /// At most 80 characters, control characters (NUL included) shown as `\u{…}`, so the error stays one readable line.
        public static func printable(_ s: String) -> String {
            let shown = s.unicodeScalars.prefix(80).map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
            return s.unicodeScalars.count > 80 ? shown + "…" : shown
        }
    }

    /// Whether `component` can be one name in a path: not empty, not `.` or `..`, no `/` or NUL,
    /// at most 255 bytes (the file-system limit), so that appending it moves exactly one level down.
    public static func isPlainComponent(_ component: String) -> Bool {
        !component.isEmpty && component != "." && component != ".." && !component.contains("/")
            && !component.unicodeScalars.contains("\0") && component.utf8.count <= 255
    }

    /// `path` (components separated by `/`) under `root`, refused unless every component is plain
    /// and the result, once standardised, still lies inside `root`. Nothing is created.
    public static func inside(_ path: String, root: URL = url) throws(UnsafePath) -> URL {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !path.hasPrefix("/") else { throw UnsafePath(path: path, reason: "an absolute path") }
        for p in parts where !isPlainComponent(p) {
            throw UnsafePath(path: path, reason: p.isEmpty ? "an empty name" : p.utf8.count > 255 ? "a name longer than 255 bytes"
                                : p.unicodeScalars.contains("\0") ? "a NUL character" : "'\(UnsafePath.printable(p))' is not a plain name")
        }
        var u = root
        for p in parts { u.appendPathComponent(p) }
        let rootPath = root.standardizedFileURL.path
        guard u.standardizedFileURL.path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") else {
            throw UnsafePath(path: path, reason: "it lies outside the data folder")
        }
        return u
    }

    /// A sub-folder (checked by `inside`), created if missing.
    public static func folder(_ path: String, root: URL = url) throws -> URL {
        let u = try inside(path, root: root)
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
