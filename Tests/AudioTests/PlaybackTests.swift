import Audio
import EngineTestSupport
import Foundation
import Testing

/// Playback through ALSA itself: `default` is routed to ALSA's `file` plugin
/// (with a `null` slave), so the test reads back exactly what ALSA was given.
@Suite struct PlaybackTests {
    let dir = Fixtures.temporaryFolder("playback")

    func fileSinkConfiguration(_ path: String) -> String {
        #"pcm.!default { type file file "\#(path)" format "raw" slave.pcm { type null } }"#
    }

    func rawFloats(_ path: String) throws -> [Float] {
        let d = try Data(contentsOf: URL(fileURLWithPath: path))
        return d.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test func playsEveryFrameAndFinishesCleanly() async throws {
        let out = dir.appendingPathComponent("out.raw").path
        let clip = AudioClip(samples: (0..<16_000).map { Float(sin(Double($0) * 0.05)) * 0.5 }, sampleRate: 16_000)
        let player = AudioPlayer(configuration: fileSinkConfiguration(out))
        try await player.play(clip)
        await player.waitUntilFinished()
        let status = await player.status()
        #expect(!status.isPlaying && status.error == nil)
        #expect(abs(status.position - 1) < 1e-9 && status.duration == 1)
        #expect(try rawFloats(out) == clip.samples)
    }

    @Test func stopEndsPlaybackAndKeepsWhatWasPlayedAPrefix() async throws {
        let out = dir.appendingPathComponent("stop.raw").path
        let clip = AudioClip(samples: (0..<1_600_000).map { Float($0 % 1000) / 1000 }, sampleRate: 16_000)
        let player = AudioPlayer(configuration: fileSinkConfiguration(out))
        try await player.play(clip)
        await player.stop()
        let status = await player.status()
        #expect(!status.isPlaying)
        let played = try rawFloats(out)
        #expect(played.count <= clip.samples.count && played == Array(clip.samples.prefix(played.count)))
        // Playing again after a stop works.
        try await player.play(AudioClip(samples: [0.1, 0.2, 0.3], sampleRate: 16_000))
        await player.waitUntilFinished()
        #expect(await player.status().error == nil)
    }

    @Test func aMissingDeviceIsAClearErrorNotACrash() async {
        let player = AudioPlayer(device: "dreamstyler-no-such-device")
        do {
            try await player.play(AudioClip(samples: [0, 0.5], sampleRate: 16_000))
            Issue.record("playing on a missing device succeeded")
        } catch {
            guard case .noPlaybackDevice(let d, _) = error else { Issue.record("\(error)"); return }
            #expect(d == "dreamstyler-no-such-device")
            #expect(error.description.contains("--out") && !error.description.contains("\n"))
        }
        #expect(await player.status().isPlaying == false)
    }
}
