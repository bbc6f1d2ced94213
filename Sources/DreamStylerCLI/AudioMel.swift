import ArgumentParser
import Audio
import Foundation
import Imaging

extension DreamStyler {
    struct AudioMel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mel",
            abstract: "Draw the 80-band log-mel spectrogram of an audio file as a PNG picture.",
            discussion: "Time runs to the right, low frequencies are at the bottom, 80 dB of range from black to white.")

        @Argument(help: "The audio file.")
        var file: String

        @Option(help: "Where to write the PNG.")
        var png: String

        @Option(parsing: .unconditional, help: "Pixels per mel frame, 1–16 (one frame is 16 ms).")
        var pixelsPerFrame = 2

        @Option(help: "Colour map.")
        var colormap = Colormap.magma

        func validate() throws {
            try InputChecks.int(pixelsPerFrame, "--pixels-per-frame", in: 1...16)
            guard URL(fileURLWithPath: png).pathExtension.lowercased() == "png" else { throw ValidationError("--png \(png): the picture is written as PNG; name it .png") }
        }

        func run() throws {
            try reportingErrors {
                let (clip, _, _) = try AudioFile.read(file)
                try SpectrogramPicture.write(clip, to: png, pixelsPerFrame: pixelsPerFrame, colormap: colormap)
                print("wrote \(png)")
            }
        }
    }
}
