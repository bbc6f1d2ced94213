/// Debian packages reserved for the independent evaluation (DESIGN.md §4): the
/// product, its scripts and its tests never install or read them. The same
/// rule is in `Scripts/corpus-v2` (bash); a test runs the script's guard
/// against these names so the two cannot drift apart.
public enum ReservedPackages {
    /// Exact names, and name patterns (`wesnoth-*-music` covers every Wesnoth version).
    public static let exact: Set<String> = ["warzone2100-music", "singularity-music", "timgm6mb-soundfont", "wesnoth-music"]

    /// Whether `package` (a Debian binary package name) is reserved.
    public static func isReserved(_ package: String) -> Bool {
        let name = package.lowercased()
        if exact.contains(name) { return true }
        // wesnoth-1.16-music, wesnoth-1.14-music, … any version.
        if name.hasPrefix("wesnoth-") && name.hasSuffix("-music") { return true }
        // musescore-general-soundfont, -small, -lossless and any later variant.
        if name.hasPrefix("musescore-general-soundfont") { return true }
        return false
    }

    /// Install folders of the reserved packages' data: a path under one of these is
    /// refused even when it reached a manifest some other way.
    public static let pathFragments = ["/warzone2100/", "/singularity/", "/wesnoth", "timgm6mb", "musescore_general", "musescore-general",
                                       "MuseScore_General"]

    /// Whether a file path lies in a reserved package's data.
    public static func isReservedPath(_ path: String) -> Bool {
        pathFragments.contains { path.lowercased().contains($0.lowercased()) }
    }
}
