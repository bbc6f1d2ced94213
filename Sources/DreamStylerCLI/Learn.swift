import ArgumentParser
import Audio
import ConceptGrammar
import Engine
import Foundation
import Generation
import Library
import Method
import Text
import Training

extension DreamStyler {
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Teach the base model a concept from reference audio (DreamStyler or a baseline).",
            discussion: """
            DreamStyler first learns a mask on every self-attention value weight (θ and the \
            identifier tokens frozen), keeps the top P % of its variation as pivotal parameters, \
            then tunes those entries, all cross-attention K/V and the concept's identifier tokens. \
            Several concepts (--concept, twice or more, or --joint with names the library holds) are \
            learned jointly: each mask alone (a mask stored by an earlier learn of the concept with \
            the same settings is reused), the \
            pivotal sets united, the clips pooled. The result is a delta file of a few MB. \
            Stopped with Ctrl-C, a learn continues with --resume.

            Examples:
              dreamstyler learn koto Samples/koto-train.flac --kind instrument
              dreamstyler learn --concept koto:instrument:Samples/koto-train.flac --concept reggae:genre:Samples/reggae-train.flac
              dreamstyler learn koto ref.flac --kind instrument --method custom-diffusion
              dreamstyler learn --joint koto reggae
            """)

        @OptionGroup var precision: PrecisionOptions

        @Argument(help: "Concept name and reference files (for one concept).")
        var arguments: [String] = []

        @Option(help: "instrument or genre (for one concept).")
        var kind: String?

        @Option(help: "NAME:KIND:FILE[,FILE…] — repeat to learn several concepts jointly.")
        var concept: [String] = []

        @Option(parsing: .upToNextOption, help: "Learn these library concepts jointly, with their stored references (and stored masks).")
        var joint: [String] = []

        @Option(help: "dreamstyler, textual-inversion, dreambooth or custom-diffusion.")
        var method = "dreamstyler"

        @Option(parsing: .unconditional, help: "P: the percentage of self-attention V entries that train (above 0, at most 100).")
        var pivotal = 5.0

        @Option(help: "pivotal (top of the learned mask) or random.")
        var selection = "pivotal"

        @Option(parsing: .unconditional, help: "Identifier tokens per concept, 1–16 (default: 3; 1 for custom-diffusion).")
        var tokens: Int?

        @Option(parsing: .unconditional, help: "Epochs of mask training (1–10000).")
        var maskEpochs = 100

        @Option(parsing: .unconditional, help: "Tuning steps (1–100000).")
        var steps = 1500

        @Option(parsing: .unconditional, help: "Crops per batch (1–256).")
        var batch = 32

        @Option(parsing: .unconditional, help: "Learning rate of U-Net parameters (above 0, at most 1).")
        var lrUnet: Float = 1e-5

        @Option(parsing: .unconditional, help: "Learning rate of identifier tokens (above 0, at most 1).")
        var lrTokens: Float = 1e-4

        @Option(parsing: .unconditional, help: "Seed.")
        var seed: UInt64 = 7

        @Option(parsing: .unconditional, help: "Render a validation sample (4 s, 25 DDIM steps) every N tuning steps into the run's samples folder; 0 for none.")
        var sampleEvery = 250

        @Flag(help: "Continue a stopped learn of the same concepts.")
        var resume = false

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        func validate() throws {
            guard TuningMethod(rawValue: method) != nil else { throw ValidationError("unknown method '\(method)'") }
            guard EntrySelectionMode(rawValue: selection) != nil else { throw ValidationError("unknown selection '\(selection)' (pivotal, random)") }
            guard pivotal.isFinite, pivotal > 0, pivotal <= 100 else { throw ValidationError("--pivotal \(pivotal): must be a number above 0 and at most 100") }
            try InputChecks.int(steps, "--steps", in: 1...100_000)
            // A batch is held in memory whole: 100000 crops would exhaust it and crash instead of failing.
            try InputChecks.int(batch, "--batch", in: 1...256)
            try InputChecks.int(maskEpochs, "--mask-epochs", in: 1...10_000)
            if let tokens { try InputChecks.int(tokens, "--tokens", in: ConceptDelta.tokenRange) }
            try InputChecks.rate(lrUnet, "--lr-unet")
            try InputChecks.rate(lrTokens, "--lr-tokens")
            try InputChecks.int(sampleEvery, "--sample-every", in: 0...100_000)
            // Names first, before any file is read: a name is also a folder name and a lock file's.
            for name in joint + (concept.isEmpty ? arguments.prefix(1) : []) where !ConceptName.isValid(name) {
                throw ConceptLibrary.Failure.invalidName(name)
            }
            if !joint.isEmpty {
                guard joint.count >= 2, concept.isEmpty, arguments.isEmpty else { throw ValidationError("--joint takes two or more library concepts, and nothing else") }
            } else if concept.isEmpty {
                guard arguments.count >= 2 else { throw ValidationError("give a concept name and at least one reference file, or --concept NAME:KIND:FILE") }
                guard let k = kind, ConceptKind(rawValue: k) != nil else { throw ValidationError("--kind must be instrument or genre") }
            }
        }

        /// (name, kind, files) for each concept.
        func specs() throws -> [(String, ConceptKind, [String])] {
            if !joint.isEmpty {
                let lib = try openLibrary()
                return try joint.map { n in
                    guard let c = try lib.concept(named: n) else { throw ConceptLibrary.Failure.unknown(n, known: try lib.concepts().map(\.name)) }
                    return (n, ConceptKind(rawValue: c.kind) ?? .instrument, try lib.references(of: n).map(\.path))
                }
            }
            if concept.isEmpty { return [(arguments[0], ConceptKind(rawValue: kind!)!, Array(arguments.dropFirst()))] }
            return try concept.map { s in
                let parts = s.split(separator: ":", maxSplits: 2).map(String.init)
                guard parts.count == 3, let k = ConceptKind(rawValue: parts[1]) else {
                    throw ValidationError("--concept '\(s)': expected NAME:KIND:FILE[,FILE…] with KIND instrument or genre")
                }
                guard ConceptName.isValid(parts[0]) else { throw ConceptLibrary.Failure.invalidName(parts[0]) }
                return (parts[0], k, parts[2].split(separator: ",").map(String.init))
            }
        }

        func run() throws {
            precision.apply()
            try reportingErrors {
                StopSignal.shared.install()
                var options = LearnOptions()
                options.method = TuningMethod(rawValue: method)!
                options.tokens = tokens; options.pivotalPercent = pivotal; options.selection = EntrySelectionMode(rawValue: selection)!
                options.maskEpochs = maskEpochs; options.steps = steps; options.batch = batch
                options.learningRateUNet = lrUnet; options.learningRateTokens = lrTokens; options.seed = seed
                let specs = try self.specs().map { LearnSession.Spec(name: $0.0, kind: $0.1, files: $0.2) }
                let session = try LearnSession(specs: specs, options: options, base: try BaseModel(folder: try BaseModel.locate(model)),
                                               text: try TextEncoder(folder: TextEncoderFolder.defaultFolder), library: try openLibrary(), resume: resume)
                session.sampleEvery = sampleEvery
                let record = try session.run { event in
                    switch event {
                    case .phase(let name, let total):
                        print(name.hasPrefix("mask") ? (total == 0 ? "\(name): reused" : "\(name): mask training, \(total) steps") : "tuning \(session.names.map { "<\($0)>" }.joined(separator: " ")) with \(method): \(total) steps")
                    case .log(let step, let loss, let seconds): print(String(format: "  step %5d  loss %.4f  %.0f s", step, loss, seconds))
                    case .mask(let r): print("  pivotal set: \(r.perLayer.values.reduce(0, +)) entries (\(pivotal.formatted()) % of self-attention V)")
                    case .sample(let path, _): print("  sample \(path)")
                    case .stopped(let step): print("stopped at step \(step); continue with --resume")
                    case .learned(let path, let seconds, let bytes, let peak):
                        print(String(format: "learned in %.0f s; delta %@ (%.2f MB); peak memory %d MB", seconds, path, Double(bytes) / 1e6, peak))
                    }
                }
                print("time by phase: \(session.clock.summary)")
                // A stopped learn is not a success: the status says which signal stopped it.
                if record.status == .stopped { throw ExitCode(StopSignal.shared.exitStatus) }
            }
        }
    }
}
