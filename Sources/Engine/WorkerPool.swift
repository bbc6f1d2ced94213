import CCPU
import Foundation
import Synchronization

/// The engine's worker threads: they spin briefly between jobs and then sleep.
///
/// Why not `DispatchQueue.concurrentPerform`: a U-Net step is hundreds of small
/// operations, and waking a sleeping Dispatch worker through a semaphore costs
/// tens of microseconds per operation (8–19 % of a training step or a generation
/// was spent in the kernel's wake-up path on 2 cores). Workers that are still
/// spinning from the previous operation start at once.
final class WorkerPool: @unchecked Sendable {
    /// The pool for `Parallel.threadCount` threads (the caller is one of them).
    static let shared = WorkerPool(threads: Parallel.threadCount)

    let threads: Int
    /// One word, so that a part is claimed only for the job it belongs to:
    /// generation (high 32 bits) | part count (16) | next part (16).
    private let state = Atomic<UInt64>(0)
    private let finishedParts = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let wake = NSCondition()
    /// Written before the state that publishes it; read only after claiming one of its parts,
    /// and not rewritten before every claimed part has finished.
    private nonisolated(unsafe) var job: ((Int) -> Void)?

    /// How long an idle worker spins before it sleeps (polls of a pause instruction each).
    private static let spinPolls = 20_000

    init(threads: Int) {
        self.threads = max(1, threads)
        for _ in 1..<self.threads {
            let thread = Thread { [unowned self] in self.workerLoop() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body(part)` for every part in `0..<parts` on the pool and the calling thread;
    /// returns when all are done. A call made while the pool is busy (a nested parallel
    /// loop, or a second thread) runs its parts inline.
    func run(parts: Int, _ body: (Int) -> Void) {
        guard threads > 1, parts > 1, parts < 1 << 16,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for p in 0..<parts { body(p) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            finishedParts.store(0, ordering: .relaxed)
            let generation = (state.load(ordering: .relaxed) >> 32) &+ 1
            state.store((generation << 32) | UInt64(parts) << 16, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            work(generation: generation)
            // A worker preempted by another process would leave this thread spinning for a
            // whole time slice: after a short spin, give the core away while waiting.
            var polls = 0
            while finishedParts.load(ordering: .acquiring) < parts {
                polls += 1
                if polls < 4_000 { spinPause() } else { sched_yield() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs parts of job `generation` until none is left.
    private func work(generation: UInt64) {
        var s = state.load(ordering: .acquiring)
        while s >> 32 == generation, s & 0xffff < (s >> 16) & 0xffff {
            let (claimed, now) = state.compareExchange(expected: s, desired: s + 1, ordering: .acquiringAndReleasing)
            guard claimed else { s = now; continue }
            job!(Int(s & 0xffff))
            finishedParts.add(1, ordering: .releasing)
            s = state.load(ordering: .acquiring)
        }
    }

    private func workerLoop() {
        var seen = state.load(ordering: .acquiring) >> 32
        while true {
            var polls = 0
            while state.load(ordering: .acquiring) >> 32 == seen && polls < Self.spinPolls {
                spinPause()
                polls += 1
            }
            if state.load(ordering: .acquiring) >> 32 == seen {
                // Announce the sleep before the last look, so that a submitter either sees a
                // sleeper (and broadcasts under the lock) or this thread sees its job.
                sleepers.add(1, ordering: .sequentiallyConsistent)
                wake.lock()
                while state.load(ordering: .sequentiallyConsistent) >> 32 == seen { wake.wait() }
                wake.unlock()
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
            }
            seen = state.load(ordering: .acquiring) >> 32
            work(generation: seen)
        }
    }
}

@inline(__always)
private func spinPause() { ds_spin_pause() }
