import Dispatch
import Synchronization

/// Makes items `range` on several threads and hands each finished one to `append` in index
/// order, one at a time: a corpus manifest then grows in order, so a resumed build continues
/// after its last whole item whatever order the workers finished in.
enum OrderedWork {
    /// `worker()` runs once per thread and returns that thread's maker (a renderer of its own,
    /// say). `shouldStop` is polled between items; the first error stops every worker and is thrown.
    static func run<Item>(_ range: Range<Int>, workers: Int, shouldStop: () -> Bool,
                          worker: () throws -> (Int) throws -> Item,
                          append: (Int, Item) throws -> Void) throws {
        let state = Mutex(OrderedState<Item>(next: range.lowerBound, nextToAppend: range.lowerBound))
        let threads = min(max(workers, 1), max(range.count, 1))
        try withoutActuallyEscaping(shouldStop) { shouldStop in
            try withoutActuallyEscaping(worker) { worker in
                try withoutActuallyEscaping(append) { append in
                    let calls = Unchecked((shouldStop, worker, append))
                    DispatchQueue.concurrentPerform(iterations: threads) { _ in
                        let (shouldStop, worker, append) = calls.value
                        let make: (Int) throws -> Item
                        do { make = try worker() } catch {
                            state.withLock { $0.failure = $0.failure ?? Unchecked(error) }
                            return
                        }
                        while true {
                            let index: Int? = state.withLock { s in
                                guard s.failure == nil, s.next < range.upperBound, !shouldStop() else { return nil }
                                defer { s.next += 1 }
                                return s.next
                            }
                            guard let index else { return }
                            do {
                                let item = Unchecked(try make(index))
                                try state.withLock { s throws in
                                    s.pending[index] = item
                                    while let done = s.pending.removeValue(forKey: s.nextToAppend) {
                                        try append(s.nextToAppend, done.value)
                                        s.nextToAppend += 1
                                    }
                                }
                            } catch {
                                state.withLock { $0.failure = $0.failure ?? Unchecked(error) }
                                return
                            }
                        }
                    }
                    if let failure = state.withLock({ $0.failure }) { throw failure.value }
                }
            }
        }
    }
}

private struct OrderedState<Item>: @unchecked Sendable {
    var next: Int
    var nextToAppend: Int
    var pending: [Int: Unchecked<Item>] = [:]
    var failure: Unchecked<any Error>?
}

/// Carries a value across the workers; the lock around `OrderedState`, not the type system,
/// keeps its use serial.
private struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
