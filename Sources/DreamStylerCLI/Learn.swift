import ArgumentParser
import ConceptGrammar
import Foundation
import Library
import Method
import Training
import Workspace

extension DreamStyler {
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Teach the base model a concept from reference audio (DreamStyler or a baseline).",
            discussion: """
            DreamStyler first learns a mask on the U-Net's weights (θ and the identifier tokens \
            frozen; by default every weight but the cross-attention K/V, the paper's scope is \
            --mask-scope self-attention), keeps the top P % of its variation as pivotal parameters \
            (P = 5 % for an instrument, 100 % for a genre, which needs no mask), then tunes those \
            entries, all cross-attention K/V and the concept's identifier tokens. Several concepts \
            (--concept, twice or more, or --joint with names the library holds) are learned \
            jointly: each mask alone (a mask stored by an earlier learn of the concept with the same \
            settings is reused), the pivotal sets united, the clips pooled. The result is a delta \
            file of a few MB for an instrument, about 40 MB for a genre. \
            Stopped with Ctrl-C, a learn continues with --resume.

            Examples:
              dreamstyler learn koto Samples/koto-train.flac --kind instrument
              dreamstyler learn --concept koto:instrument:Samples/koto-train.flac --concept reggae:genre:Samples/reggae-train.flac
              dreamstyler learn koto ref.flac --kind instrument --method custom-diffusion
              dreamstyler learn --joint koto reggae
            """)

        @OptionGroup var precision: PrecisionOptions
        @OptionGroup var workspace: WorkspaceOptions

        @Argument(help: "Concept name and reference files (for one concept).")
        var arguments: [String] = []

        @Option(help: "The concept's kind (for one concept).")
        var kind: ConceptKind?

        @Option(help: "NAME:KIND:FILE[,FILE…] — repeat to learn several concepts jointly.")
        var concept: [String] = []

        @Option(parsing: .upToNextOption, help: "Learn these library concepts jointly, with their stored references (and stored masks).")
        var joint: [String] = []

        @OptionGroup var method: MethodOptions
        @OptionGroup var training: TrainingOptions
        @OptionGroup var samples: SampleOptions

        @Flag(help: "Continue a stopped learn of the same concepts.")
        var resume = false

        func validate() throws {
            // Names first, before any file is read: a name is also a folder name and a lock file's.
            for name in joint + (concept.isEmpty ? arguments.prefix(1) : []) where !ConceptName.isValid(name) {
                throw ConceptLibrary.Failure.invalidName(name)
            }
            if !joint.isEmpty {
                guard joint.count >= 2, concept.isEmpty, arguments.isEmpty else { throw ValidationError("--joint takes two or more library concepts, and nothing else") }
            } else if concept.isEmpty {
                guard arguments.count >= 2 else { throw ValidationError("give a concept name and at least one reference file, or --concept NAME:KIND:FILE") }
                guard kind != nil else { throw ValidationError("--kind must be instrument or genre") }
            }
        }

        /// The concepts to learn: stored ones (--joint), or named with their files here.
        func specs(in workspace: Workspace) throws -> [LearnSession.Spec] {
            if !joint.isEmpty { return try workspace.storedSpecs(joint) }
            if concept.isEmpty { return [LearnSession.Spec(name: arguments[0], kind: kind!, files: Array(arguments.dropFirst()))] }
            return try concept.map { s in
                let parts = s.split(separator: ":", maxSplits: 2).map(String.init)
                guard parts.count == 3, let k = ConceptKind(rawValue: parts[1]) else {
                    throw ValidationError("--concept '\(s)': expected NAME:KIND:FILE[,FILE…] with KIND instrument or genre")
                }
                guard ConceptName.isValid(parts[0]) else { throw ConceptLibrary.Failure.invalidName(parts[0]) }
                return LearnSession.Spec(name: parts[0], kind: k, files: parts[2].split(separator: ",").map(String.init))
            }
        }

        func run() throws {
            precision.apply()
            try reportingErrors {
                StopSignal.shared.install()
                var options = LearnOptions()
                training.apply(to: &options)
                method.apply(to: &options)
                let workspace = try self.workspace.workspace()
                let specs = try self.specs(in: workspace)
                let label = specs.map { "<\($0.name)>" }.joined(separator: " ")
                let result = try workspace.learn(specs, options: options, resume: resume, sampleEvery: samples.sampleEvery) { event in
                    switch event {
                    case .phase(let name, let total):
                        if name.hasPrefix("mask") { print(total == 0 ? "\(name): reused" : "\(name): mask training, \(total) steps") }
                        else if name == LearnSession.noMaskPhase { print(name) }
                        else if name == LearnSession.priorPhase {
                            print("prior clips: \(options.priorClips) by the base model, \(options.priorRows) rows of each batch of \(options.batch)")
                        } else { print("tuning \(label) with \(options.method.rawValue): \(total) steps") }
                    case .log(let step, let loss, let seconds): print(String(format: "  step %5d  loss %.4f  %.0f s", step, loss, seconds))
                    case .mask(let r): print("  pivotal set: \(r.perLayer.values.reduce(0, +)) entries (\(r.percent.formatted()) % of \(options.maskScope == .selfAttention ? "self-attention V" : "the U-Net's weights"))")
                    case .sample(let path, _): print("  sample \(path)")
                    case .stopped(let step): print("stopped at step \(step); continue with --resume")
                    case .learned(let path, let seconds, let bytes, let peak):
                        print(String(format: "learned in %.0f s; delta %@ (%.2f MB); peak memory %d MB", seconds, path, Double(bytes) / 1e6, peak))
                    }
                }
                print("time by phase: \(result.clock.summary)")
                // A stopped learn is not a success: the status says which signal stopped it.
                if result.record.status == .stopped { throw ExitCode(StopSignal.shared.exitStatus) }
            }
        }
    }
}
