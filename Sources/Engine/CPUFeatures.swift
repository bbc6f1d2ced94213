import CCPU

/// What this processor can run, read from CPUID and XGETBV (a vector feature counts
/// only when the operating system also saves its registers).
public struct CPUFeatures: Sendable, Equatable {
    public var vendor: String
    public var brand: String
    public var family: Int
    public var model: Int
    public var sse41, avx, fma, avx2: Bool
    public var avx512f, avx512bw, avx512vl, avx512dq, avx512vnni, avx512bf16, avx512fp16: Bool
    public var amxTile, amxBF16: Bool

    /// The machine this process runs on.
    public static let host: CPUFeatures = {
        var f = ds_cpu_features()
        ds_cpu_query(&f)
        func text<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: " ")
            }
        }
        return CPUFeatures(
            vendor: text(f.vendor), brand: text(f.brand), family: Int(f.family), model: Int(f.model),
            sse41: f.sse41 != 0, avx: f.avx != 0, fma: f.fma != 0, avx2: f.avx2 != 0,
            avx512f: f.avx512f != 0, avx512bw: f.avx512bw != 0, avx512vl: f.avx512vl != 0, avx512dq: f.avx512dq != 0,
            avx512vnni: f.avx512_vnni != 0, avx512bf16: f.avx512_bf16 != 0, avx512fp16: f.avx512_fp16 != 0,
            amxTile: f.amx_tile != 0, amxBF16: f.amx_bf16 != 0)
    }()

    /// The feature names present, in the order of the instruction-set generations.
    public var names: [String] {
        let all: [(String, Bool)] = [
            ("sse4.1", sse41), ("avx", avx), ("fma", fma), ("avx2", avx2), ("avx512f", avx512f), ("avx512bw", avx512bw),
            ("avx512vl", avx512vl), ("avx512dq", avx512dq), ("avx512_vnni", avx512vnni), ("avx512_bf16", avx512bf16),
            ("avx512_fp16", avx512fp16), ("amx_tile", amxTile), ("amx_bf16", amxBF16),
        ]
        return all.filter(\.1).map(\.0)
    }

    /// The best kernel family this CPU deserves; anything lower is a fallback.
    public var bestISA: KernelISA {
        let core512 = avx512f && avx512bw && avx512vl && avx512dq
        if core512 && amxTile && amxBF16 { return .amx }
        if core512 && avx512bf16 { return .avx512BF16 }
        if core512 && avx512vnni { return .avx512VNNI }
        if core512 { return .avx512 }
        if avx2 && fma { return .avx2 }
        if avx { return .avx }
        return .sse41
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
