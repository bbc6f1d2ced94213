import Audio
import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import Testing

/// The codec report's figures on signals whose answer is known.
@Suite struct CodecReportTests {
    let spec = SpectrogramConfig()

    func mel(seed: UInt64, frames: Int = 40) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return Tensor.uniform([frames, 80], low: -0.5, high: 0.5, using: &rng)
    }

    @Test func identicalMelsScoreZero() {
        let x = mel(seed: 1)
        #expect(ReconstructionMetrics.logMelL1(x, x, spectrogram: spec) == 0)
        #expect(ReconstructionMetrics.spectralConvergence(x, x, spectrogram: spec) < 1e-6)
        #expect(ReconstructionMetrics.fineStructureKept(x, x, spectrogram: spec) == 1)
    }

    @Test func fineStructureKeptMeasuresTheTopBandsSteps() {
        let x = mel(seed: 5)
        // A gain keeps every step; half of every value halves them; a flat spectrum has none;
        // the lower three quarters do not count.
        let gain = Tensor(x.toArray().map { $0 + 0.1 }, shape: x.shape)
        let half = Tensor(x.toArray().map { $0 / 2 }, shape: x.shape)
        #expect(abs(ReconstructionMetrics.fineStructureKept(x, gain, spectrogram: spec) - 1) < 1e-6)
        #expect(abs(ReconstructionMetrics.fineStructureKept(x, half, spectrogram: spec) - 0.5) < 1e-6)
        #expect(ReconstructionMetrics.fineStructureKept(x, Tensor.full(x.shape, 0.2), spectrogram: spec) == 0)
        let low = Tensor(x.toArray().enumerated().map { $0.offset % 80 < 60 ? 0 : $0.element }, shape: x.shape)
        #expect(abs(ReconstructionMetrics.fineStructureKept(x, low, spectrogram: spec) - 1) < 1e-6)
    }

    @Test func knownGainGivesKnownScores() {
        // Mel power ×4 everywhere: ln-mel differs by ln 4; magnitudes double, so SC = ‖S‖/‖S‖ = 1.
        let x = mel(seed: 2)
        let shift = logf(4) / spec.normScale
        let y = Tensor(x.toArray().map { $0 + shift }, shape: x.shape)
        #expect(abs(ReconstructionMetrics.logMelL1(x, y, spectrogram: spec) - Double(logf(4))) < 1e-4)
        #expect(abs(ReconstructionMetrics.spectralConvergence(x, y, spectrogram: spec) - 1) < 1e-3)
    }

    @Test func valuesBelowSilenceAreNotCharged() {
        // Two different "silences" under the floor are the same sound.
        let floor = spec.normalizedSilence
        let a = Tensor.full([4, 80], floor - 0.5), b = Tensor.full([4, 80], floor - 2)
        #expect(ReconstructionMetrics.logMelL1(a, b, spectrogram: spec) == 0)
    }

    @Test func reconstructionKeepsWholeLatentFrames() {
        var c = ModelConfiguration()
        c.codec.channels = [32, 32]
        let codec = LatentCodec(c, seed: 4)
        let (x, y) = CodecReport.reconstruct(mel(seed: 3, frames: 43), codec: codec)
        #expect(x.shape == [40, 80] && y.shape == [40, 80])
    }

    @Test func sourceMeansWeighByClips() {
        let rows = [CodecReport.Row(source: "real", group: "a", clips: 1, scores: [.init(logMelL1: 1, spectralConvergence: 0.1, fineStructure: 0.5)]),
                    CodecReport.Row(source: "real", group: "b", clips: 3, scores: [.init(logMelL1: 2, spectralConvergence: 0.5, fineStructure: 0.9)])]
        let all = CodecReport.withSourceMeans(rows)
        #expect(all.count == 3 && all[2].clips == 4)
        #expect(abs(all[2].scores[0].logMelL1 - 1.75) < 1e-12 && abs(all[2].scores[0].spectralConvergence - 0.4) < 1e-12)
        #expect(abs(all[2].scores[0].fineStructure - 0.8) < 1e-12)
        #expect(CodecReport.markdown(all, labels: ["v1"]).contains("| real | **all** | 4 | 1.750 | 0.400 | 0.80 |"))
    }

    @Test func familiesAndEvenPicks() {
        #expect(CodecReport.family(program: 0) == "piano" && CodecReport.family(program: 104) == "ethnic")
        #expect(CodecReport.family(program: 200) == "other")
        #expect(ReportItems.spread(Array(0..<10), 3) == [0, 3, 6])
        #expect(ReportItems.spread([1, 2], 5) == [1, 2])
    }
}
