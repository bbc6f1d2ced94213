import Foundation
/// The analysis settings shared by every stage that turns audio into mel frames and back.
public struct SpectrogramConfig: Codable, Sendable, Equatable {
    public var sampleRate = 16_000
    public var nFFT = 1024
    public var hop = 256
    public var melBands = 80
    public var fMin = 0.0
    public var fMax = 8000.0
    /// Mel power below this is clamped before the logarithm (−100 dB relative to 1).
    public var logFloor: Float = 1e-5
    /// log-mel → model space: (ln(mel) − shift) / scale. Chosen from music rendered at
    /// full scale, whose log-mel spans about [ln 1e-5, 8] ≈ [−11.5, 8], to land in [−1, 1].
    public var normShift: Float = -1.75
    public var normScale: Float = 9.75

    public init() {}

    /// `nFFT` written as "n_fft" under snake-case coding reads back as "nFft"; naming
    /// the key that way makes the round trip (and older files) work.
    enum CodingKeys: String, CodingKey {
        case sampleRate, nFFT = "nFft", hop, melBands, fMin, fMax, logFloor, normShift, normScale
    }

    public var bins: Int { nFFT / 2 + 1 }
    /// What silence (the clamped floor) looks like in the model's normalised space.
    public var normalizedSilence: Float { (logf(logFloor) - normShift) / normScale }
    /// Mel frames per second of audio.
    public var framesPerSecond: Double { Double(sampleRate) / Double(hop) }
}
