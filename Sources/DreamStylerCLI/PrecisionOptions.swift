import ArgumentParser
import Engine
import Foundation

/// `--precision`, for every command that runs the denoiser.
struct PrecisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Arithmetic of the denoiser's GEMMs and convolutions: auto (bf16 where the CPU has native bfloat16, else fp32), fp32 or bf16. bf16 keeps float32 weights and accumulation.",
        valueName: "auto|fp32|bf16"))
    var precision = "auto"

    func validate() throws {
        guard precision == "auto" || Precision(rawValue: precision) != nil else {
            throw ValidationError("--precision must be auto, fp32 or bf16, not '\(precision)'")
        }
    }

    /// Puts the precision in force for this process and returns it.
    @discardableResult
    func apply() -> Precision {
        let wanted = Precision(rawValue: precision) ?? .automatic
        let got = Precision.use(wanted)
        if wanted != got {
            FileHandle.standardError.write(Data("dreamstyler: this CPU has no native bfloat16 (AVX512_BF16 or AMX); running fp32\n".utf8))
        }
        return got
    }
}
