import Corpus
import Testing

@Suite(.serialized) struct RenderTests {
    static let soundFont = Renderer.defaultSoundFont

    @Test func renderingIsDeterministicForAGivenSoundfont() throws {
        let style = try #require(Styles.named("bossa_nova"))
        let a = Composer.compose(ClipRequest(style: style, seed: 3, seconds: 3, kind: .evaluator))
        let b = Composer.compose(ClipRequest(style: try #require(Styles.named("techno")), seed: 4, seconds: 3, kind: .evaluator))
        let first = try Renderer(soundFont: Self.soundFont)
        let x1 = try first.render(midi: a.midi.data(), seconds: 3, mix: a.mix)
        // The same renderer after another clip, and a second renderer: bit for bit the same samples.
        _ = try first.render(midi: b.midi.data(), seconds: 3, mix: b.mix)
        let x2 = try first.render(midi: a.midi.data(), seconds: 3, mix: a.mix)
        let x3 = try Renderer(soundFont: Self.soundFont).render(midi: a.midi.data(), seconds: 3, mix: a.mix)
        #expect(x1.count == 48_000)
        #expect(x1 == x2 && x1 == x3)
        let rms = (x1.reduce(0) { $0 + $1 * $1 } / Float(x1.count)).squareRoot()
        #expect(rms > 0.005, "the clip is not silent")
        // Another mix of the same music sounds different.
        var other = a.mix
        other.reverbLevel = 0.1
        #expect(try first.render(midi: a.midi.data(), seconds: 3, mix: other) != x1)
    }

    @Test func aMissingSoundfontIsAOneLineError() {
        #expect(throws: RenderError.soundFontMissing("/nonexistent.sf2")) { try Renderer(soundFont: "/nonexistent.sf2") }
        #expect(!RenderError.soundFontMissing("/x.sf2").description.contains("\n"))
    }

    @Test func theDecimatorPassesTheBandAndStopsAliases() {
        let d = Decimator()
        func gain(_ hz: Double) -> Float {
            let input = (0..<32_000).map { Float(sin(2 * Double.pi * hz * Double($0) / 32_000)) }
            let out = d.decimate(input)[2_000..<14_000]
            return (out.reduce(0) { $0 + $1 * $1 } / Float(out.count)).squareRoot() * Float(2).squareRoot()
        }
        #expect(abs(gain(1_000) - 1) < 0.01)
        #expect(abs(gain(6_500) - 1) < 0.02)
        // Above 8.1 kHz everything would fold back into the band: it must be gone.
        #expect(gain(8_300) < 1e-3)
        #expect(gain(12_000) < 1e-4)
    }

    @Test func masteringSetsTheLevelKeepsPeaksAndFades() {
        let tone = (0..<16_000).map { Float(0.05 * sin(Double($0) * 0.1)) }
        let out = Mastering.finish(tone, loudness: -18, fade: 400)
        let rms = (out.prefix(15_000).reduce(0) { $0 + Double($1 * $1) } / 15_000).squareRoot()
        #expect(abs(20 * log10(rms) + 18) < 0.2)
        #expect(out.last! == 0 || abs(out.last!) < 0.01)
        let spiky = [Float](repeating: 0.001, count: 1000) + [0.9]
        #expect(Mastering.finish(spiky, loudness: -6, fade: 0).map(abs).max()! <= 0.967)
    }
}

import Foundation
