import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the training loop checks between steps,
/// so a stopped run saves a checkpoint and exits cleanly instead of dying mid-write.
public final class StopSignal: Sendable {
    public static let shared = StopSignal()

    private let flag = Atomic<Bool>(false)
    private let received = Atomic<Int32>(0)
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
                s.setEventHandler { [self] in
                    self.received.store(sig, ordering: .relaxed)
                    self.request()
                }
                s.resume()
                list.append(s)
            }
        }
    }

    public var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Asks the loop to stop (what a signal does; tests call it directly).
    public func request() { flag.store(true, ordering: .relaxed) }

    public func reset() {
        flag.store(false, ordering: .relaxed)
        received.store(0, ordering: .relaxed)
    }

    /// The exit status of a command the stop ended: 128 + the signal (130 for Ctrl-C, 143 for
    /// SIGTERM), as a shell reports a process a signal ended, so a script never takes a stop for success.
    public var exitStatus: Int32 {
        let sig = received.load(ordering: .relaxed)
        return 128 + (sig == 0 ? SIGINT : sig)
    }
}
