import ArgumentParser
import Audio
import Engine
import Foundation
import Generation
import Model
import Pretraining

extension DreamStyler {
    struct AudioRoundTrip: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roundtrip",
            abstract: "Send audio through mel frames and the vocoder and back, to hear what is lost.",
            discussion: """
            audio → 80-band mel → vocoder → audio. The vocoder is the learned one (--vocoder learned: \
            from --vocoder-folder, else the base model's folder) or linear magnitude \
            (\(MelInversion.allCases.map(\.rawValue).joined(separator: " or "))) → fast Griffin-Lim \
            (--vocoder griffin-lim); auto, the default, takes the learned one when there is one. \
            Prints spectral convergence and log-spectral distance of the result against the \
            original, on linear and on mel magnitudes, and the speed.
            """)

        @Argument(help: "The audio file.")
        var file: String

        @Argument(help: "Where to write the reconstruction (WAV or FLAC).")
        var out: String

        @Option(parsing: .unconditional, help: "Griffin-Lim iterations (1–1000).")
        var iterations = 32

        @Option(parsing: .unconditional, help: "Griffin-Lim momentum, 0–1 (0 is the classic algorithm).")
        var momentum: Float = 0.99

        @Option(help: "Mel inversion of Griffin-Lim.")
        var inversion = MelInversion.nnls

        @Option(parsing: .unconditional, help: "Seed of the initial phases.")
        var seed: UInt64 = 0

        @Option(help: "Vocoder: auto (learned when one is found), learned or griffin-lim.")
        var vocoder = VocoderChoice.automatic

        @Option(help: "Folder of a learned vocoder (vocoder.json + vocoder.safetensors, or a vocoder run in progress); default: the base model's folder.")
        var vocoderFolder: String?

        @Option(help: "Also pass the mel frames through the latent codec of this base model folder (\"base\" for Models/base).")
        var codec: String?

        func validate() throws {
            try InputChecks.int(iterations, "--iterations", in: 1...1000)
            try InputChecks.real(momentum, "--momentum", in: 0...1)
            try InputChecks.audioOutput(out, "OUT")
        }

        func run() throws {
            try reportingErrors {
                let (clip, _, _) = try AudioFile.read(file)
                var vocoder = Vocoder(inversion: inversion,
                                      griffinLim: GriffinLim(iterations: iterations, momentum: momentum, seed: seed))
                vocoder.learned = try learnedVocoder()
                print("vocoder: \(vocoder.learned == nil ? "Griffin-Lim, \(iterations) iterations" : vocoder.name)")
                var through: ((Tensor) -> Tensor)?
                if let codec {
                    let base = try BaseModel(folder: try BaseModel.locate(codec == "base" ? nil : codec))
                    through = { mel in
                        let n = mel.shape[0] / base.codec.frameMultiple * base.codec.frameMultiple
                        let x = mel.narrow(axis: 0, start: 0, length: n).reshaped([1, n, mel.shape[1]])
                        let y = noGrad { base.codec.decode(base.codec.encode(x)) }
                        // Frames past the last whole latent keep their analysis values.
                        return Tensor.concat([y.reshaped([n, mel.shape[1]]), mel.narrow(axis: 0, start: n, length: mel.shape[0] - n)], axis: 0)
                    }
                    print("through the codec of \(base.folder.path)")
                }
                let (r, rebuilt) = RoundTrip.measure(clip.normalized(.rms(-20)), vocoder: vocoder, through: through)
                try AudioFile.write(rebuilt, to: out, metadata: AudioMetadata(title: "round trip of \(file)"))
                print(String(format: "spectral convergence %.3f (mel %.3f)", r.spectralConvergence, r.melSpectralConvergence))
                print(String(format: "log-spectral distance %.2f dB (mel %.2f dB)", r.logSpectralDistance, r.melLogSpectralDistance))
                print(String(format: "speed %.1f× real time (%.2f s for %.1f s)", r.realTimeFactor, r.seconds, r.audioSeconds))
                print("wrote \(out)")
            }
        }

        /// The learned vocoder the flags ask for; nil means Griffin-Lim.
        func learnedVocoder() throws -> LearnedSynthesis? {
            guard vocoder != .griffinLim else { return nil }
            let folder = vocoderFolder.map { URL(fileURLWithPath: $0) } ?? (try? BaseModel.locate(codec == "base" ? nil : codec))
            guard let folder else {
                if vocoder == .learned { throw ValidationError("--vocoder learned: no base model found; give --vocoder-folder DIR") }
                print("no base model with a learned vocoder found; using Griffin-Lim")
                return nil
            }
            do {
                let (v, note) = try VocoderFolder.load(folder)
                print("learned vocoder: \(note)")
                return VocoderChoice.synthesis(v)
            } catch let e as EngineError {
                if vocoder == .learned || vocoderFolder != nil { throw e }
                print("no learned vocoder in \(folder.path); using Griffin-Lim")
                return nil
            }
        }
    }
}
