import Foundation
import Synchronization

/// Counts the floating-point operations of every GEMM the engine runs (2·m·n·k
/// each), so that benchmarks and the model can report their own FLOP figures.
/// Element-wise work is not counted, by the usual convention.
///
/// `measure` counts only the work its own body does — on its thread and on the
/// engine's worker threads acting for it — so concurrent work elsewhere in the
/// process (tests running side by side) does not leak into the figure.
public enum FlopCounter {
    static let total = Atomic<Int>(0)

    /// One measurement's tally.
    final class Scope: Sendable {
        let count = Atomic<Int>(0)
    }

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    /// The scope the calling thread counts into, if any.
    static var current: Scope? {
        pthread_getspecific(key).map { Unmanaged<Scope>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` with `scope` as the calling thread's scope (workers inherit their caller's).
    @inline(__always)
    static func with<T>(_ scope: Scope?, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, scope.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
        defer { pthread_setspecific(key, previous) }
        return try withExtendedLifetime(scope) { try body() }
    }

    /// Operations counted since the process started, by every thread.
    public static var count: Int { total.load(ordering: .relaxed) }

    @inline(__always)
    static func add(_ n: Int) {
        total.add(n, ordering: .relaxed)
        current?.count.add(n, ordering: .relaxed)
    }

    /// Runs `body` and returns its result with the operations it counted.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (T, Int) {
        let scope = Scope()
        let r = try with(scope, body)
        return (r, scope.count.load(ordering: .relaxed))
    }
}
