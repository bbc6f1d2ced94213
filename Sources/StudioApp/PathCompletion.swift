import Foundation

/// Tab completion of the file path at the end of a typed line (after the last space or comma).
enum PathCompletion {
    static func complete(_ line: String) -> String {
        let cut = line.lastIndex { $0 == " " || $0 == "," }.map { line.index(after: $0) } ?? line.startIndex
        let head = String(line[..<cut]), partial = String(line[cut...])
        let expanded = (partial as NSString).expandingTildeInPath
        let dir = partial.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent
        let prefix = partial.hasSuffix("/") ? "" : (expanded as NSString).lastPathComponent
        // A folder that cannot be listed offers no completion; the path typed stays as it is.
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        let matches = listing.filter { $0.hasPrefix(prefix) && !$0.hasPrefix(".") }.sorted()
        guard !matches.isEmpty else { return line }
        // The longest common prefix of the matches; a lone directory gets its slash.
        var common = matches[0]
        for m in matches.dropFirst() { while !m.hasPrefix(common) { common.removeLast() } }
        let base = partial.hasSuffix("/") ? partial : String(partial.dropLast(prefix.count))
        var done = base + common
        var isDir: ObjCBool = false
        if matches.count == 1, FileManager.default.fileExists(atPath: ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(common), isDirectory: &isDir), isDir.boolValue {
            done += "/"
        }
        return head + done
    }
}
