import Engine
import Foundation
import Imaging

/// A training run's loss curve as JSON lines (`{"step":…,"loss":…,"lr":…}`),
/// appended step by step and cut back to the checkpoint on resume, so that a
/// stopped and resumed run continues the same curve.
public final class LossLog {
    public struct Entry: Codable, Sendable, Equatable {
        public var step: Int
        public var loss: Double
        public var lr: Double
        public var seconds: Double
        public init(step: Int, loss: Double, lr: Double, seconds: Double) {
            self.step = step
            self.loss = loss
            self.lr = lr
            self.seconds = seconds
        }
    }

    public let url: URL
    public private(set) var entries: [Entry] = []
    private var handle: FileHandle?

    /// The entries of a log, read only: for anyone but the run that writes it (a running
    /// training appends to the file, so it must never be rewritten from outside).
    public static func read(_ url: URL) -> [Entry] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        let dec = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? dec.decode(Entry.self, from: Data($0)) }
    }

    /// Opens (or creates) the log for the run that writes it, keeping only entries up to
    /// `step` (the checkpoint's), so a resumed run continues the same curve.
    public init(url: URL, keepingUpTo step: Int) throws {
        self.url = url
        entries = LossLog.read(url).filter { $0.step <= step }
        // Rewrite what is kept (atomically), then append from there.
        let enc = JSONEncoder()
        var text = Data()
        for e in entries { text.append(try enc.encode(e)); text.append(UInt8(ascii: "\n")) }
        try AtomicFile.write(text, to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle?.seekToEnd()
    }

    deinit { try? handle?.close() }

    public func append(_ e: Entry) throws {
        entries.append(e)
        var line = try JSONEncoder().encode(e)
        line.append(UInt8(ascii: "\n"))
        try handle?.write(contentsOf: line)
    }

    /// Flushes appended lines to disk (called at checkpoints).
    public func sync() throws { try handle?.synchronize() }

    /// A picture of the curve: raw loss (grey) and its exponential moving average (colour), log scale.
    public func plot(to png: URL, width: Int = 800, height: Int = 400) throws {
        let canvas = LinePlot.render(series: [entries.map { (Double($0.step), $0.loss) }], width: width, height: height,
                                     logY: true, smoothing: 0.05)
        try AtomicFile.write(canvas.pngData(), to: png)
    }
}
