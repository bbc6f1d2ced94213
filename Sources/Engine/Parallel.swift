import Dispatch
import Foundation

/// Splits work over the machine's cores.
///
/// The engine keeps its GEMM library single-threaded and does all splitting itself, so
/// that small GEMMs never fight over threads and element-wise kernels and GEMMs
/// share one notion of how many cores there are.
public enum Parallel {
    /// Worker count: `DREAMSTYLER_THREADS` if set, else the active processor count.
    public static let threadCount: Int = {
        if let s = ProcessInfo.processInfo.environment["DREAMSTYLER_THREADS"], let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// How many parts `chunks` cuts `count` items into for a given grain.
    @inline(__always)
    public static func chunkCount(_ count: Int, grain: Int) -> Int {
        max(1, min(threadCount, count / max(grain, 1)))
    }

    /// Runs `body(part, range)` on contiguous sub-ranges of `0..<count`, in
    /// parallel when each part gets at least `grain` items; otherwise inline.
    @inline(__always)
    public static func chunks(_ count: Int, grain: Int = 32_768, _ body: (Int, Range<Int>) -> Void) {
        let parts = chunkCount(count, grain: grain)
        if parts <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        let scope = FlopCounter.current
        WorkerPool.shared.run(parts: parts) { i in
            FlopCounter.with(scope) { body(i, (count * i / parts)..<(count * (i + 1) / parts)) }
        }
    }

    /// Runs `body` on contiguous sub-ranges of `0..<count` (see `chunks`).
    @inline(__always)
    public static func ranges(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
        chunks(count, grain: grain) { _, r in body(r) }
    }

    /// Runs `body(i)` for every `i` in `0..<count`, items spread over the workers.
    @inline(__always)
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let parts = min(threadCount, count)
        if parts <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        let scope = FlopCounter.current
        WorkerPool.shared.run(parts: parts) { p in
            FlopCounter.with(scope) {
                var i = p
                while i < count { body(i); i += parts }
            }
        }
    }
}

/// Carries a value into `concurrentPerform`'s `@Sendable` closure.
///
/// The engine's kernels hand each worker a disjoint slice of raw buffers; that
/// disjointness, not the type system, is what makes the sharing safe.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
