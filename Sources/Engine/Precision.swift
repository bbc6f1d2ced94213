import Synchronization

/// The arithmetic of the engine's large GEMMs (linear layers and convolutions).
///
/// `bf16` rounds both operands to bfloat16 and accumulates in float32 (AVX512_BF16 or AMX
/// kernels); weights, gradients and optimizer state stay float32 (the master copy), so only
/// the products lose precision. Small GEMMs (attention per head) stay float32: converting
/// their operands costs more than it saves.
public enum Precision: String, Sendable, CaseIterable, Codable {
    case fp32, bf16

    /// The engine's precision for the whole process (float32 unless set).
    public static var current: Precision { state.load(ordering: .relaxed) ? .bf16 : .fp32 }

    /// Sets the process's precision; bf16 only where the CPU has bfloat16 kernels.
    /// Returns the precision in force.
    @discardableResult
    public static func use(_ p: Precision) -> Precision {
        let on = p == .bf16 && available
        state.store(on, ordering: .relaxed)
        return on ? .bf16 : .fp32
    }

    /// bf16 where the CPU computes it natively, else fp32: the product's default.
    public static var automatic: Precision { available ? .bf16 : .fp32 }

    /// Whether this CPU, with the kernels in use, has native bfloat16 dot products.
    public static var available: Bool {
        (CPUFeatures.host.avx512bf16 || CPUFeatures.host.amxBF16) && Kernels.active >= .avx512BF16
    }

    /// GEMMs with at least this much work (2·m·n·k) run in bf16 when it is on.
    static let minimumWork = 1 << 21

    private static let state = Atomic<Bool>(false)
}
