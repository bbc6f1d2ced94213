import Foundation
import Testing

/// Package.swift declares exactly the dependency edges that the imports use: a module
/// imported but not declared builds only by luck of the build order, and an edge declared
/// but unused links and couples what need not be (the `Model` target once linked audio I/O
/// for one configuration type).
@Suite struct DependencyEdgeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Target {
        var name: String
        var path: String
        var dependencies: Set<String>
        var swiftSettings: String?
    }

    /// The Swift targets of Package.swift with their declared dependencies (module names).
    static func targets(in manifest: String) -> [Target] {
        var result: [Target] = []
        let s = manifest
        for kind in [".target(", ".executableTarget(", ".testTarget("] {
            var search = s.startIndex
            while let open = s.range(of: kind, range: search..<s.endIndex) {
                // The call's text, up to its matching parenthesis.
                var depth = 0, end = open.upperBound
                var i = s.index(before: open.upperBound)
                while i < s.endIndex {
                    if s[i] == "(" { depth += 1 } else if s[i] == ")" { depth -= 1; if depth == 0 { end = i; break } }
                    i = s.index(after: i)
                }
                let call = String(s[open.upperBound..<end])
                search = end
                guard let name = capture(#"name:\s*"(\w+)""#, in: call) else { continue }
                var deps = Set<String>()
                if let list = bracketed(after: "dependencies:", in: call) {
                    for product in matches(#"\.product\(name:\s*"(\w+)""#, in: list) { deps.insert(product) }
                    let plain = list.replacingOccurrences(of: #"\.product\([^)]*\)"#, with: "", options: .regularExpression)
                    for d in matches(#""(\w+)""#, in: plain) { deps.insert(d) }
                }
                let path = capture(#"path:\s*"([^"]+)""#, in: call) ?? (kind == ".testTarget(" ? "Tests/\(name)" : "Sources/\(name)")
                result.append(Target(name: name, path: path, dependencies: deps, swiftSettings: capture(#"swiftSettings:\s*(\w+)"#, in: call)))
            }
        }
        return result
    }

    static func capture(_ pattern: String, in text: String) -> String? { matches(pattern, in: text).first }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func bracketed(after label: String, in text: String) -> String? {
        guard let at = text.range(of: label), let open = text[at.upperBound...].firstIndex(of: "[") else { return nil }
        var depth = 0
        var i = open
        while i < text.endIndex {
            if text[i] == "[" { depth += 1 } else if text[i] == "]" { depth -= 1; if depth == 0 { return String(text[text.index(after: open)..<i]) } }
            i = text.index(after: i)
        }
        return nil
    }

    /// The package's own modules a target's sources import.
    static func imports(of target: Target, known: Set<String>) throws -> Set<String> {
        let folder = root.appendingPathComponent(target.path)
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var found = Set<String>()
        for case let url as URL in files where url.pathExtension == "swift" {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                if let m = capture(#"^\s*(?:@testable\s+|@_implementationOnly\s+|@_exported\s+|public\s+)?import\s+(\w+)"#, in: String(line)), known.contains(m) {
                    found.insert(m)
                }
            }
        }
        return found
    }

    @Test func declaredEdgesAreExactlyTheImportedOnes() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let targets = Self.targets(in: manifest)
        #expect(targets.count > 20, "Package.swift was not read: \(targets.map(\.name))")
        let systemLibraries = Set(Self.matches(#"system\("(\w+)""#, in: manifest) + Self.matches(#"systemLibrary\(name:\s*"(\w+)""#, in: manifest))
        let products = Set(Self.matches(#"\.product\(name:\s*"(\w+)""#, in: manifest))
        let known = Set(targets.map(\.name)).union(systemLibraries).union(products)
        for t in targets {
            let used = try Self.imports(of: t, known: known)
            #expect(used.subtracting(t.dependencies).isEmpty, "\(t.name) imports \(used.subtracting(t.dependencies).sorted()) without declaring them")
            #expect(t.dependencies.subtracting(used).isEmpty, "\(t.name) declares \(t.dependencies.subtracting(used).sorted()) but imports none of them")
        }
    }

    /// Imports are truthful only where the compiler checks them (MemberImportVisibility, in `strict`,
    /// which `fast` contains): otherwise a file can use a module's members through a third module
    /// without importing it, and the test above cannot see the edge.
    @Test func everySwiftTargetChecksItsImports() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#"let strict: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]"#))
        #expect(manifest.contains("let fast: [SwiftSetting] = strict + "))
        for t in Self.targets(in: manifest) {
            let folder = Self.root.appendingPathComponent(t.path)
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            guard files.contains(where: { $0.pathExtension == "swift" }) else { continue }
            #expect(["strict", "fast"].contains(t.swiftSettings ?? ""), "\(t.name) builds without MemberImportVisibility (swiftSettings: strict or fast)")
        }
    }

    @Test func theParserReadsATargetDeclaration() {
        let sample = """
        .target(name: "A", dependencies: ["B", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: fast),
        .testTarget(name: "ATests", dependencies: ["A"], path: "Tests/X"),
        """
        let t = Self.targets(in: sample)
        #expect(t.map(\.name).sorted() == ["A", "ATests"])
        #expect(t.first { $0.name == "A" }?.dependencies == ["B", "GRDB"])
        #expect(t.first { $0.name == "ATests" }?.path == "Tests/X")
        #expect(t.first { $0.name == "A" }?.swiftSettings == "fast")
        #expect(t.first { $0.name == "ATests" }?.swiftSettings == nil)
    }
}
