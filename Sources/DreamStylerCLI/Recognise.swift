import ArgumentParser
import Audio
import Evaluation
import Foundation
import Generation
import Method
import Model

extension DreamStyler {
    struct Recognise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say which benchmark concept (or \"other\") audio files sound like, with the concept classifier.",
            discussion: """
            Each file is loudness-normalised, cut into 10-s segments (one segment under 15 s), each \
            segment into evenly spread 4.1-s windows; the classifier's probabilities are averaged over \
            a segment's windows, then over the segments. Prints the top classes per file and, with \
            --concept, P(concept).

            Examples:
              dreamstyler recognise benchmark/sitar/eval.flac --concept sitar
              dreamstyler recognise out/*.wav --segments
            """)

        @Argument(help: "Audio files (anything libsndfile reads).")
        var files: [String]

        @Option(help: "A class to report P(class) for (one of the 20 concepts or \"other\").")
        var concept: String?

        @Option(parsing: .unconditional, help: "Top classes to print per file (1–21).")
        var top = 3

        @Flag(help: "Also print each 10-s segment's top class.")
        var segments = false

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        @Option(help: "Folder of another classifier (classifier.json + classifier.safetensors), e.g. a pretrain run.")
        var classifier: String?

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one audio file") }
            try InputChecks.int(top, "--top", in: 1...21)
        }

        func run() throws {
            try reportingErrors {
                // Every file is checked before the model loads, so a typo costs nothing.
                for f in files where !FileManager.default.fileExists(atPath: f) { throw ValidationError("\(f): no such file") }
                let base = try BaseModel(folder: try BaseModel.locate(model))
                let recogniser = try ConceptRecogniser.load(base: base, classifier: classifier.map { URL(fileURLWithPath: $0) })
                var target: String?
                if let concept {
                    guard let c = recogniser.classFor(concept: concept) else {
                        throw ValidationError("--concept \(concept): not a class of the classifier (\(recogniser.classes.joined(separator: ", ")))")
                    }
                    target = c
                }
                for f in files {
                    let clip = try AudioFile.read(f, sampleRate: base.config.spectrogram.sampleRate).clip
                    guard clip.duration > 0.5 else { throw ValidationError("\(f): \(String(format: "%.2f", clip.duration)) s of audio; at least 0.5 s is needed") }
                    let (r, parts) = recogniser.recogniseRecording(clip)
                    var line = "\(f)  top \(r.top) \(String(format: "%.3f", r.topProbability))"
                    if let target { line += "  P(\(target)) \(String(format: "%.3f", r.probability(of: target)))" }
                    line += "  [" + r.ranked(top).map { "\($0.name) \(String(format: "%.3f", $0.probability))" }.joined(separator: ", ") + "]"
                    print(line)
                    if segments {
                        for (i, s) in parts.enumerated() {
                            print(String(format: "  segment %d  top %@ %.3f", i + 1, s.top, s.topProbability)
                                  + (target.map { String(format: "  P(%@) %.3f", $0, s.probability(of: $0)) } ?? ""))
                        }
                    }
                }
            }
        }
    }
}
