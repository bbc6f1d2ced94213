import Studio
import Synchronization

/// Events from the background jobs to the studio's loop, which drains them between keys.
final class EventQueue: Sendable {
    private let events = Mutex<[StudioEvent]>([])

    func post(_ e: StudioEvent) { events.withLock { $0.append(e) } }

    func drain() -> [StudioEvent] { events.withLock { let out = $0; $0 = []; return out } }
}
