/// The catalog of styles the music writer knows.
public enum Styles {
    /// Every style: the generator's styles, then the ten benchmark genres.
    public static let all: [Style] = band + electronic + acoustic + benchmark

    /// Styles a corpus of `kind` may write.
    public static func available(for kind: CorpusKind) -> [Style] {
        all.filter { HoldOut.allows(style: $0.id, in: kind) }
    }

    /// The style with identifier `id`, or nil.
    public static func named(_ id: String) -> Style? {
        all.first { $0.id == id }
    }
}
