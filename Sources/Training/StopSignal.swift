import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the training loop checks between steps,
/// so a stopped run saves a checkpoint and exits cleanly instead of dying mid-write.
public final class StopSignal: Sendable {
    public static let shared = StopSignal()

    private let flag = Atomic<Bool>(false)
    private let sources = Mutex<[DispatchSourceSignal]>([])

    /// A signal of one's own (tests, or a run inside a larger program); only `shared` listens to the process's signals.
    public init() {}

    /// Starts listening (idempotent).
    public func install() {
        sources.withLock { list in
            guard list.isEmpty else { return }
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                s.setEventHandler { [self] in self.request() }
                s.resume()
                list.append(s)
            }
        }
    }

    public var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Asks the loop to stop (what a signal does; tests call it directly).
    public func request() { flag.store(true, ordering: .relaxed) }

    public func reset() { flag.store(false, ordering: .relaxed) }
}
