/// One line of a real-music corpus's `manifest.jsonl`: a clip cut from a track.
/// `file` and `caption` are what the pretraining reader needs; the rest says
/// where the clip came from, so every clip can be traced to its package and licence.
public struct RealClipEntry: Sendable, Codable, Equatable {
    /// Audio file, relative to the corpus folder.
    public var file: String
    /// Empty: nothing honest is known about the music's instruments or genre yet.
    public var caption: String
    /// The track's place among this split's tracks, the clip's place in the track, and the track's clip count.
    public var track: Int
    public var clip: Int
    public var clips: Int
    public var package: String
    public var version: String
    public var licence: String
    public var source: String
    public var sha256: String
    public var split: HeldOutSplit.Side
    /// Where the clip starts in the track, and its length, in seconds.
    public var start: Double
    public var seconds: Double
}
