import Synchronization

/// Counts the floating-point operations of every GEMM the engine runs (2·m·n·k
/// each), so that benchmarks and the model can report their own FLOP figures.
/// Element-wise work is not counted, by the usual convention.
public enum FlopCounter {
    static let total = Atomic<Int>(0)

    /// Operations counted since the process started.
    public static var count: Int { total.load(ordering: .relaxed) }

    @inline(__always)
    static func add(_ n: Int) { total.add(n, ordering: .relaxed) }

    /// Runs `body` and returns its result with the operations it counted.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (T, Int) {
        let before = count
        let r = try body()
        return (r, count - before)
    }
}
