import Foundation
import Studio

extension FuzzTarget {
    /// A studio theme (`Themes/NAME.toml`, through the studio's own reader of the TOML subset themes use), as the studio loads it at start.
    static let theme = FuzzTarget(name: "theme", run: { data in
        guard let theme = try? Theme(id: "fuzz", toml: String(decoding: data, as: UTF8.self), file: "fuzz.toml") else { return }
        _ = theme.isMonochrome
        for role in Role.allCases { _ = theme.style(role) }
    }, seeds: {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Themes").standardized
        var out: [String: Data] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: root.path) where file.hasSuffix(".toml") {
            out[file] = try Data(contentsOf: root.appendingPathComponent(file))
        }
        return out
    })
}
