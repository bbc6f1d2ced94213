import Audio
import Engine
import EngineTestSupport
import Foundation
import Testing

/// Reading, writing and every kind of bad input the issue lists.
@Suite struct AudioFileTests {
    let dir = Fixtures.temporaryFolder("audio")

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Writes `seconds` of a sine, interleaved over `channels`, in blocks.
    func writeSine(_ name: String, seconds: Double, rate: Int, channels: Int = 1, hz: Double = 440, amplitude: Float = 0.5,
                   encoding: AudioFile.Encoding? = nil) throws -> String {
        let p = path(name)
        let w = try AudioWriter(path: p, sampleRate: rate, channels: channels, encoding: encoding)
        let total = Int(seconds * Double(rate)), block = 48_000
        var i = 0
        while i < total {
            let n = min(block, total - i)
            var buf = [Float](repeating: 0, count: n * channels)
            for f in 0..<n {
                let v = amplitude * Float(sin(2 * Double.pi * hz * Double(i + f) / Double(rate)))
                for c in 0..<channels { buf[f * channels + c] = v }
            }
            try w.append(buf)
            i += n
        }
        try w.finish()
        return p
    }

    @Test func missingEmptyAndNonAudioFilesGiveOneLineErrors() throws {
        #expect(throws: AudioError.notFound(path: path("nope.wav"))) { try AudioFile.read(path("nope.wav")) }
        _ = FileManager.default.createFile(atPath: path("empty.wav"), contents: Data())
        #expect(throws: AudioError.emptyFile(path: path("empty.wav"))) { try AudioFile.read(path("empty.wav")) }
        try "this is not audio, just text\n".write(toFile: path("text.wav"), atomically: true, encoding: .utf8)
        do {
            _ = try AudioFile.read(path("text.wav"))
            Issue.record("a text file was read as audio")
        } catch {
            guard case .unreadable = error else { Issue.record("\(error)"); return }
            #expect(!error.description.contains("\n") && error.description.hasPrefix(path("text.wav")))
        }
        #expect(throws: AudioError.notFound(path: dir.path)) { try AudioFile.read(dir.path) }
    }

    @Test func truncatedFLACIsReported() throws {
        let p = try writeSine("whole.flac", seconds: 5, rate: 16_000)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: p))
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: path("cut.flac")))
        do {
            _ = try AudioFile.read(path("cut.flac"))
            Issue.record("a truncated FLAC was accepted")
        } catch {
            switch error {
            case .truncated(_, let expected, let read): #expect(read < expected)
            case .unreadable: break
            default: Issue.record("\(error)")
            }
        }
    }

    @Test func shortAndSilentAudioAreReadButRefusedAsReferences() throws {
        let short = try writeSine("short.wav", seconds: 0.2, rate: 16_000)
        let (clip, info, _) = try AudioFile.read(short)
        #expect(clip.samples.count == 3200 && info.duration == 0.2)
        #expect(throws: AudioError.tooShort(path: short, seconds: 0.2, minimum: 10)) { try clip.validateAsReference(path: short) }

        let silentPath = try writeSine("silent.wav", seconds: 12, rate: 16_000, amplitude: 0)
        let (silent, _, levels) = try AudioFile.read(silentPath, normalization: .rms(-20))
        #expect(levels.peak == 0 && silent.peak == 0, "normalising silence adds no gain")
        #expect(throws: AudioError.silent(path: silentPath)) { try silent.validateAsReference(path: silentPath) }
    }

    @Test func stereo8kAndHiRes24BitAreDownmixedAndResampled() throws {
        let low = try writeSine("low.wav", seconds: 2, rate: 8000, channels: 2, hz: 1000)
        let (a, infoA, _) = try AudioFile.read(low)
        #expect(infoA.channels == 2 && infoA.sampleRate == 8000 && a.sampleRate == 16_000)
        #expect(abs(a.samples.count - 32_000) <= 2)
        let hi = try writeSine("hi.wav", seconds: 2, rate: 96_000, channels: 2, hz: 1000, encoding: .wav24)
        let (b, infoB, _) = try AudioFile.read(hi)
        #expect(infoB.encoding.contains("24") && infoB.sampleRate == 96_000)
        #expect(abs(b.samples.count - 32_000) <= 2)
        // The 1 kHz tone survives resampling: amplitude 0.5, and the sign changes 2000 times a second.
        for clip in [a, b] {
            let mid = clip.slice(from: 0.5, seconds: 1)
            #expect(abs(mid.peak - 0.5) < 0.01)
            let crossings = zip(mid.samples, mid.samples.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
            #expect(abs(crossings - 2000) <= 2)
        }
    }

    @Test func tenMinuteFileStreamsInBlocks() throws {
        // 48 kHz stereo: decoded whole, its interleaved floats alone would be 230 MB.
        let p = try writeSine("long.wav", seconds: 600, rate: 48_000, channels: 2)
        var frames = 0, largestBlock = 0
        let (info, levels) = try AudioFile.stream(p) { block in
            frames += block.count
            largestBlock = max(largestBlock, block.count)
        }
        #expect(info.frames == 28_800_000 && frames == 28_800_000 && abs(levels.peak - 0.5) < 1e-3)
        // Memory is bounded by the block; the process's peak is measured alone in StreamingMemoryTests.
        #expect(largestBlock <= 65_536)
        try? FileManager.default.removeItem(atPath: p)
    }

    @Test func writeReadRoundTripWithMetadata() throws {
        var rng = SeededGenerator(seed: 3)
        let clip = AudioClip(samples: (0..<16_000).map { _ in 0.3 * (rng.nextUniform() * 2 - 1) }, sampleRate: 16_000)
        let meta = AudioMetadata.generated(prompt: "a slow melody with <koto>", seed: 42, concepts: ["koto"])
        for (name, tolerance) in [("a.wav", Float(1.0 / 32768)), ("a.flac", 1.0 / 32768)] {
            try AudioFile.write(clip, to: path(name), metadata: meta)
            let (back, _, _) = try AudioFile.read(path(name))
            #expect(back.samples.count == clip.samples.count)
            #expect(maxAbsDifference(back.samples, clip.samples) <= tolerance)
            let m = try AudioFile.metadata(path(name))
            #expect(m.title == "a slow melody with <koto>" && m.comment?.contains("seed=42") == true)
        }
        try AudioFile.write(clip, to: path("f.wav"), encoding: .wavFloat)
        #expect(try AudioFile.read(path("f.wav")).clip.samples == clip.samples)
        // Out-of-range values clip instead of wrapping around.
        try AudioFile.write(AudioClip(samples: [2, -2, 0.5], sampleRate: 16_000), to: path("loud.wav"))
        let loud = try AudioFile.read(path("loud.wav")).clip.samples
        #expect(loud[0] > 0.99 && loud[1] < -0.99)
        #expect(throws: AudioError.self) { try AudioFile.write(clip, to: "/nonexistent/dir/x.wav") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func clippingIsDetectedAndLoudnessNormalised() throws {
        let p = path("clipped.wav")
        let samples = (0..<16_000).map { i -> Float in max(-1, min(1, 3 * Float(sin(2 * Double.pi * 100 * Double(i) / 16_000)))) }
        try AudioFile.write(AudioClip(samples: samples, sampleRate: 16_000), to: p, encoding: .wavFloat)
        let (clip, _, levels) = try AudioFile.read(p)
        #expect(levels.isClipped && levels.clippedSamples > 1000)
        let quiet = try AudioFile.read(try writeSine("quiet.wav", seconds: 1, rate: 16_000, amplitude: 0.01)).levels
        #expect(!quiet.isClipped)
        let byPeak = clip.normalized(.peak(-6))
        #expect(abs(AudioClip.dBFS(byPeak.peak) - -6) < 0.01)
        let sine = AudioClip(samples: (0..<16_000).map { 0.01 * Float(sin(Double($0) * 0.3)) }, sampleRate: 16_000)
        let byRMS = sine.normalized(.rms(-20))
        #expect(abs(AudioClip.dBFS(byRMS.rms) - -20) < 0.05)
        // A crest factor that would push the peak over −1 dBFS is limited by the peak instead.
        let spiky = AudioClip(samples: [1] + [Float](repeating: 0.001, count: 9999), sampleRate: 16_000).normalized(.rms(-10))
        #expect(AudioClip.dBFS(spiky.peak) <= -0.99)
    }

    /// Files the fuzzer found that once hung or crashed a read (Fuzz/regressions/audio): each is now
    /// refused with an error, at once. One is a WAV whose LIST part claims 4 GB, on which libsndfile's
    /// own `sf_open` loops for ever.
    @Test func fuzzRegressionsAreRefused() throws {
        let dir = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/regressions/audio")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            let path = dir.appendingPathComponent(name).path
            #expect(throws: AudioError.self, "\(name)") { _ = try AudioFile.read(path) }
        }
        // A LIST miscounted inside the file (a common writer's slip) still reads.
        let url = Fixtures.temporaryFolder("riff").appendingPathComponent("list.wav")
        try AudioFile.write(AudioClip(samples: [Float](repeating: 0.1, count: 1600), sampleRate: 16_000), to: url.path,
                            metadata: AudioMetadata(title: "t", comment: "c"))
        #expect(try AudioFile.read(url.path).clip.samples.count == 1600)
    }
}
