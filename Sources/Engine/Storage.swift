import CCPU
import Synchronization

/// Recycles float buffers by size class.
///
/// Training repeats the same shapes every step, so after the first step every
/// buffer an operation asks for is one that a dead tensor gave back: the hot
/// loop stops calling `malloc`. Free buffers beyond `capacityBytes` are
/// released to the system so the pool cannot grow without bound.
///
/// Sizes are rounded up to a class (eight per power of two, at most 12.5 % more):
/// a learn's prompts differ in length every step, and pooling by exact count kept
/// a buffer for every length ever seen, which filled the whole capacity and put a
/// learn's peak memory near 2 GB.
public final class BufferPool: Sendable {
    #if SANITIZE
    /// Nothing kept: under AddressSanitizer a write through a dead tensor's pointer must hit freed memory.
    public static let shared = BufferPool(capacityBytes: 0)
    #else
    public static let shared = BufferPool(capacityBytes: 128 << 20)
    #endif

    private struct State: ~Copyable {
        // Addresses as integers: the lock's state must be Sendable, raw pointers are not.
        var free: [Int: [UInt]] = [:]
        var pooledBytes = 0
        var allocations = 0
    }

    private let state: Mutex<State>
    public let capacityBytes: Int

    public init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
        self.state = Mutex(State())
    }

    /// Number of fresh allocations made so far (a benchmark reads it to show the pool works).
    public var allocationCount: Int { state.withLock { $0.allocations } }

    /// Bytes held in free buffers waiting to be reused.
    public var pooledBytes: Int { state.withLock { $0.pooledBytes } }

    /// The element count actually allocated for a request of `count`: `count` rounded up to
    /// one of eight steps between consecutive powers of two (exact below 64).
    public static func sizeClass(_ count: Int) -> Int {
        let n = max(count, 1)
        guard n > 64 else { return n }
        let step = (1 << (Int.bitWidth - 1 - n.leadingZeroBitCount)) / 8
        return (n + step - 1) / step * step
    }

    /// A buffer of at least `count` floats: a pooled one of its size class, or a fresh one.
    public func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = Self.sizeClass(count)
        let reused: UInt? = state.withLock { s in
            guard var list = s.free[n], let p = list.popLast() else {
                s.allocations += 1
                return nil
            }
            s.free[n] = list
            s.pooledBytes -= n * 4
            return p
        }
        let raw = reused.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
            ?? UnsafeMutableRawPointer.allocate(byteCount: n * 4, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: n)
    }

    /// Returns a buffer taken with the same `count`.
    public func give(_ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
        let n = Self.sizeClass(count)
        let raw = UnsafeMutableRawPointer(pointer)
        let address = UInt(bitPattern: raw)
        let kept = state.withLock { s -> Bool in
            guard s.pooledBytes + n * 4 <= capacityBytes else { return false }
            s.free[n, default: []].append(address)
            s.pooledBytes += n * 4
            return true
        }
        if !kept { raw.deallocate() }
    }

    /// Releases every free buffer to the system.
    public func drain() {
        let all = state.withLock { s -> [UInt] in
            let list = s.free.values.flatMap { $0 }
            s.free = [:]
            s.pooledBytes = 0
            return list
        }
        for p in all { UnsafeMutableRawPointer(bitPattern: p)?.deallocate() }
        // free() keeps most of what it gets in the heap, resident: without this the next phase's
        // different shapes add to the peak instead of reusing it.
        releaseFreeMemory()
    }
}

/// Hands the allocator's free memory back to the system. glibc keeps what `free` gets inside its
/// heaps, resident: a learn's steps differ in shape (prompt lengths, checkpoint buffers), so the
/// heap's free holes would otherwise add up to hundreds of MB of peak memory over a run.
public func releaseFreeMemory() { ds_release_free_memory() }

/// Runs `body` with a pooled scratch buffer of `count` floats (uninitialised).
///
/// Swift may end an object's life right after its last use, so a scratch tensor
/// whose only use is reading its `data` pointer could return to the pool while
/// the pointer is still being written. This keeps the buffer alive for `body`.
@inline(__always)
public func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
    let s = Storage(uninitialized: count)
    return try withExtendedLifetime(s) { try body(s.pointer) }
}

/// Same as `withScratch`, zero-filled.
@inline(__always)
public func withZeroedScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
    try withScratch(count) { p in
        p.update(repeating: 0, count: count)
        return try body(p)
    }
}

/// A contiguous block of floats shared by a tensor and its views.
public final class Storage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    /// Uninitialised storage from the pool: callers must write every element.
    init(uninitialized count: Int) {
        self.count = count
        self.pointer = BufferPool.shared.take(count)
    }

    deinit { BufferPool.shared.give(pointer, count) }
}
