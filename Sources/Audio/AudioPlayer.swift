import Foundation
import Synchronization

/// Plays clips through ALSA without ever blocking its callers: the blocking
/// writes run on a thread of their own, and the actor answers `status()` and
/// `stop()` at once. Opening fails with a clear error when there is no sound
/// device; nothing crashes.
public actor AudioPlayer {
    public struct Status: Sendable, Equatable {
        public var isPlaying: Bool
        /// Seconds heard so far, and the clip's length.
        public var position: Double
        public var duration: Double
        /// RMS level around the playing position, 0…1, for a meter.
        public var level: Float
        /// Why playback ended early, if it did.
        public var error: String?
    }

    public let device: String
    private let configuration: String?
    private var session: Session?
    private var clip: AudioClip?

    /// `configuration`: a complete ALSA configuration text to use instead of the
    /// system's (tests route `default` to a file this way).
    public init(device: String = "default", configuration: String? = nil) {
        self.device = device
        self.configuration = configuration
    }

    /// Starts playing `clip` (stopping anything playing).
    public func play(_ clip: AudioClip) throws(AudioError) {
        stop()
        let pcm = try PCMDevice(name: device, configuration: configuration, preferredRate: clip.sampleRate)
        var frames = clip.samples
        if pcm.sampleRate != clip.sampleRate {
            let r = try Resampler(from: clip.sampleRate, to: pcm.sampleRate)
            var out: [Float] = []
            try frames.withUnsafeBufferPointer { (b: UnsafeBufferPointer<Float>) throws(AudioError) in try r.process(b, endOfInput: true, into: &out) }
            frames = out
        }
        let s = Session(device: pcm, frames: frames)
        session = s
        self.clip = clip
        s.start()
    }

    /// Stops at once (pending audio is dropped, not drained).
    public func stop() {
        session?.stop()
        session?.join()
    }

    public func status() -> Status {
        guard let s = session, let clip else { return Status(isPlaying: false, position: 0, duration: 0, level: 0, error: nil) }
        let position = Double(s.heardFrames) / Double(s.device.sampleRate)
        let center = Int(position * Double(clip.sampleRate))
        let window = clip.sampleRate / 20
        let lo = max(0, center - window), hi = min(clip.samples.count, center + window)
        var acc: Float = 0
        for i in lo..<max(lo, hi) { acc += clip.samples[i] * clip.samples[i] }
        let level = hi > lo && s.isRunning ? (acc / Float(hi - lo)).squareRoot() : 0
        return Status(isPlaying: s.isRunning, position: min(position, clip.duration), duration: clip.duration, level: level, error: s.failure)
    }

    /// Returns when the current clip has finished or was stopped.
    public func waitUntilFinished() async {
        while let s = session, s.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// One clip's playback on its writer thread.
    final class Session: @unchecked Sendable {
        let device: PCMDevice
        let frames: [Float]
        private let stopFlag = Atomic<Bool>(false)
        private let running = Atomic<Bool>(true)
        private let heard = Atomic<Int>(0)
        private let failureText = Mutex<String?>(nil)
        private let done = DispatchSemaphore(value: 0)
        private var joined = false

        init(device: PCMDevice, frames: [Float]) {
            self.device = device
            self.frames = frames
        }

        var isRunning: Bool { running.load(ordering: .acquiring) }
        var heardFrames: Int { heard.load(ordering: .relaxed) }
        var failure: String? { failureText.withLock { $0 } }

        func start() {
            let t = Thread { [self] in self.run() }
            t.name = "dreamstyler.playback"
            t.start()
        }

        private func run() {
            let chunk = max(256, device.sampleRate / 50)  // 20 ms: stop answers within a chunk
            var written = 0
            frames.withUnsafeBufferPointer { all in
                while written < all.count && !stopFlag.load(ordering: .relaxed) {
                    let n = min(chunk, all.count - written)
                    if let e = device.write(UnsafeBufferPointer(rebasing: all[written..<(written + n)])) {
                        failureText.withLock { $0 = e }
                        break
                    }
                    written += n
                    heard.store(max(0, written - device.delay), ordering: .relaxed)
                }
            }
            if stopFlag.load(ordering: .relaxed) { device.drop() } else {
                device.drain()
                heard.store(written, ordering: .relaxed)
            }
            running.store(false, ordering: .releasing)
            done.signal()
        }

        func stop() { stopFlag.store(true, ordering: .relaxed) }

        func join() {
            guard !joined else { return }
            joined = true
            done.wait()
        }
    }
}
