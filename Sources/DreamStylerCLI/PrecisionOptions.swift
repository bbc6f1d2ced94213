import ArgumentParser
import Engine
import Foundation

/// The precision a command asks for: the engine's, or whatever the CPU does natively.
enum PrecisionChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, fp32, bf16
}

/// `--precision`, for every command that runs the denoiser.
struct PrecisionOptions: ParsableArguments {
    @Option(help: "Arithmetic of the denoiser's GEMMs and convolutions: auto (bf16 where the CPU has native bfloat16, else fp32), fp32 or bf16. bf16 keeps float32 weights and accumulation.")
    var precision = PrecisionChoice.auto

    /// Puts the precision in force for this process and returns it.
    @discardableResult
    func apply() -> Precision {
        let wanted = Precision(rawValue: precision.rawValue) ?? .automatic
        let got = Precision.use(wanted)
        if wanted != got {
            FileHandle.standardError.write(Data("dreamstyler: this CPU has no native bfloat16 (AVX512_BF16 or AMX); running fp32\n".utf8))
        }
        return got
    }
}
