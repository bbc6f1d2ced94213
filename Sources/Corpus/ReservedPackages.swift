import Foundation

/// Debian packages reserved for the independent evaluation (DESIGN.md §4): the product, its
/// scripts and its tests never install or read them. The list lives in one data file,
/// `Models/corpus-v2/reserved.txt`, read by this type and by `Scripts/corpus-v2` alike, so the
/// two cannot drift apart. Without the list nothing is accepted (the guard fails closed).
public struct ReservedPackages: Sendable, Equatable {
    /// Package name patterns; `*` matches any text.
    public var packages: [String]
    /// Path fragments (compared in lower case).
    public var pathFragments: [String]

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Parses `package PATTERN` and `path FRAGMENT` lines; `#` starts a comment.
    public init(text: String) throws(Failure) {
        packages = []
        pathFragments = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard !words.isEmpty else { continue }
            guard words.count == 2 else { throw Failure(description: "reserved list line \(n + 1): expected 'package NAME' or 'path FRAGMENT'") }
            switch words[0] {
            case "package": packages.append(words[1].lowercased())
            case "path": pathFragments.append(words[1].lowercased())
            default: throw Failure(description: "reserved list line \(n + 1): '\(words[0])' is neither package nor path")
            }
        }
        guard !packages.isEmpty else { throw Failure(description: "the reserved list names no package") }
    }

    /// The list beside a corpus manifest (`reserved.txt` in the same folder).
    public init(beside manifest: URL) throws(Failure) {
        let url = manifest.deletingLastPathComponent().appendingPathComponent("reserved.txt")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Failure(description: "\(url.path) is missing: without the reserved list no source is accepted")
        }
        try self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// Whether `package` (a Debian binary package name) is reserved.
    public func isReserved(_ package: String) -> Bool {
        let name = package.lowercased()
        return packages.contains { Self.matches(name, $0[...]) }
    }

    /// Whether a file path lies in a reserved package's data.
    public func isReservedPath(_ path: String) -> Bool {
        let p = path.lowercased()
        return pathFragments.contains { p.contains($0) }
    }

    /// Glob matching with `*` only, as the shell's `case` does it.
    static func matches(_ name: String, _ pattern: Substring) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return name == pattern }
        let head = pattern[..<star], tail = pattern[pattern.index(after: star)...]
        guard name.hasPrefix(head) else { return false }
        var rest = Substring(name.dropFirst(head.count))
        while true {
            if matches(String(rest), tail) { return true }
            guard !rest.isEmpty else { return false }
            rest = rest.dropFirst()
        }
    }
}
