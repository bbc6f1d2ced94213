import CDNNL

/// Instruction-set generations of the GEMM and convolution kernels, lowest first.
public enum KernelISA: Int, Comparable, Sendable, CaseIterable {
    case sse41 = 1, avx, avx2, avx512, avx512VNNI, avx512BF16, amx

    public static func < (a: KernelISA, b: KernelISA) -> Bool { a.rawValue < b.rawValue }

    /// The name oneDNN uses (also accepted by `DNNL_MAX_CPU_ISA`).
    public var name: String {
        switch self {
        case .sse41: "sse41"
        case .avx: "avx"
        case .avx2: "avx2"
        case .avx512: "avx512_core"
        case .avx512VNNI: "avx512_core_vnni"
        case .avx512BF16: "avx512_core_bf16"
        case .amx: "avx512_core_amx"
        }
    }

    /// Kernels from this generation on use 256-bit FMA or wider.
    public var hasFMA: Bool { self >= .avx2 }

    public init?(name: String) {
        guard let isa = KernelISA.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = isa
    }

    init?(_ dnnl: dnnl_cpu_isa_t) {
        switch dnnl {
        case dnnl_cpu_isa_sse41: self = .sse41
        case dnnl_cpu_isa_avx: self = .avx
        case dnnl_cpu_isa_avx2, dnnl_cpu_isa_avx2_vnni: self = .avx2
        case dnnl_cpu_isa_avx512_core: self = .avx512
        case dnnl_cpu_isa_avx512_core_vnni: self = .avx512VNNI
        case dnnl_cpu_isa_avx512_core_bf16: self = .avx512BF16
        case dnnl_cpu_isa_avx512_core_amx: self = .amx
        default: return nil
        }
    }

    var dnnl: dnnl_cpu_isa_t {
        switch self {
        case .sse41: dnnl_cpu_isa_sse41
        case .avx: dnnl_cpu_isa_avx
        case .avx2: dnnl_cpu_isa_avx2
        case .avx512: dnnl_cpu_isa_avx512_core
        case .avx512VNNI: dnnl_cpu_isa_avx512_core_vnni
        case .avx512BF16: dnnl_cpu_isa_avx512_core_bf16
        case .amx: dnnl_cpu_isa_avx512_core_amx
        }
    }
}
