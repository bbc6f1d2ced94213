import ArgumentParser
import Audio
import Foundation

extension DreamStyler {
    struct AudioPlay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "play",
            abstract: "Play an audio file through ALSA (or write what would be played to a file).",
            discussion: "Without a sound card, use --out to write the 16 kHz mono audio that would be played.")

        @Argument(help: "The audio file.")
        var file: String

        @Option(help: "ALSA device name.")
        var device = "default"

        @Option(help: "Write to this WAV/FLAC file instead of playing.")
        var out: String?

        func validate() throws {
            if let out { try InputChecks.audioOutput(out, "--out") }
        }

        func run() async throws {
            try await reportingErrors {
                let (clip, _, _) = try AudioFile.read(file)
                if let out {
                    try AudioFile.write(clip, to: out)
                    print("wrote \(out) (\(String(format: "%.1f", clip.duration)) s)")
                    return
                }
                let player = AudioPlayer(device: device)
                try await player.play(clip)
                while true {
                    let s = await player.status()
                    let width = 40, done = s.duration > 0 ? Int(Double(width) * s.position / s.duration) : 0
                    let bar = String(repeating: "█", count: done) + String(repeating: "·", count: width - done)
                    FileHandle.standardError.write(Data(String(format: "\r%@ %5.1f / %.1f s", bar, s.position, s.duration).utf8))
                    if !s.isPlaying {
                        FileHandle.standardError.write(Data("\n".utf8))
                        if let e = s.error { throw AudioError.playbackFailed(device: device, reason: e) }
                        break
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }
}
