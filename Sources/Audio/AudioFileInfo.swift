/// What a file holds, as its header says and as reading it found.
public struct AudioFileInfo: Sendable, Equatable {
    public var path: String
    /// Container and encoding, e.g. "FLAC (Free Lossless Audio Codec)", "Signed 16 bit PCM".
    public var format: String
    public var encoding: String
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int
    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }
}

/// Levels measured while streaming a file, over all channels before down-mixing.
public struct AudioLevels: Sendable, Equatable {
    public var peak: Float = 0
    public var rms: Float = 0
    /// Samples inside runs of three or more consecutive full-scale values: the mark of clipping.
    public var clippedSamples = 0

    public var isClipped: Bool { clippedSamples > 0 }
}
