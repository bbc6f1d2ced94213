import Engine

/// Last hidden states of prompts without identifier tokens, by prompt text.
///
/// The encoder is frozen, so such a prompt encodes to the same states every
/// time: pretraining captions and the empty prompt of classifier-free guidance
/// are encoded once. Entries hold the unpadded states (L, D) of one prompt;
/// the least recently used go first when the cache outgrows its capacity.
public final class EncodingCache {
    /// 256 MB: about 17,000 prompts of 10 tokens of MiniLM (384 floats each).
    public static let defaultCapacityBytes = 256 << 20

    public let capacityBytes: Int
    /// Look-ups that found their prompt, and that did not (one per distinct prompt of a call).
    public private(set) var hits = 0
    public private(set) var misses = 0
    public private(set) var bytes = 0

    private var entries: [String: (states: Tensor, lastUse: Int)] = [:]
    private var clock = 0

    public init(capacityBytes: Int = EncodingCache.defaultCapacityBytes) {
        self.capacityBytes = capacityBytes
    }

    public var count: Int { entries.count }

    /// The cached states (L, D) of `text`, counting a hit or a miss.
    public func states(for text: String) -> Tensor? {
        clock += 1
        guard let e = entries[text] else { misses += 1; return nil }
        hits += 1
        entries[text] = (e.states, clock)
        return e.states
    }

    /// Stores the states (L, D) of `text`; they must not be changed afterwards.
    public func insert(_ states: Tensor, for text: String) {
        require(states.rank == 2 && !states.requiresGrad, "cache entries are detached (L, D) states, got \(states.shape)")
        clock += 1
        if let old = entries[text] { bytes -= old.states.count * 4 }
        entries[text] = (states, clock)
        bytes += states.count * 4
        if bytes > capacityBytes { evict() }
    }

    /// Empties the cache (the counters stay).
    public func removeAll() {
        entries.removeAll()
        bytes = 0
    }

    /// Drops the least recently used entries down to 3/4 of the capacity, so that
    /// the sort is paid once per many insertions, not on each.
    private func evict() {
        let target = capacityBytes / 4 * 3
        for (key, e) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
            if bytes <= target { break }
            entries[key] = nil
            bytes -= e.states.count * 4
        }
    }
}
