import Audio
import Foundation

/// An instrument played over a genre, from their separate references: the training material for
/// two concepts named together. Learned from each reference alone, a jointly learned pair named
/// together was heard as the genre only (koto in 0 of 20 reggae clips, docs/learning-recipe.md
/// round 21): nothing had ever shown the instrument inside the genre.
public enum TogetherMix {
    /// The lead's level over the band, in dB of RMS: equal, as a soloist sits in a mix, so the
    /// instrument is neither buried (the genre's own instruments already fill the band) nor alone.
    public static let leadLevel: Float = 0

    /// The lead's clips end to end over the band's, the shorter looped to the longer's length, the
    /// sum at the references' loudness (−20 dBFS RMS, peak under −1 dBFS).
    public static func mix(lead: [AudioClip], band: [AudioClip]) -> AudioClip {
        let a = AudioClip(samples: lead.flatMap(\.samples), sampleRate: lead[0].sampleRate)
        let b = AudioClip(samples: band.flatMap(\.samples), sampleRate: band[0].sampleRate)
        let n = max(a.samples.count, b.samples.count)
        let g = powf(10, leadLevel / 20) * b.rms / max(a.rms, 1e-9)
        let sum = (0..<n).map { i in b.samples[i % b.samples.count] + g * a.samples[i % a.samples.count] }
        return AudioClip(samples: sum, sampleRate: a.sampleRate).normalized(.rms(-20))
    }
}
