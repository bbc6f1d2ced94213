import Dispatch

/// Wall-clock timing for benchmarks: warm-up runs, then the median of timed runs.
public enum Stopwatch {
    public static func seconds<E: Error>(_ body: () throws(E) -> Void) throws(E) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// Median seconds of `repeats` runs after `warmup` unmeasured ones.
    public static func median<E: Error>(warmup: Int = 2, repeats: Int, _ body: () throws(E) -> Void) throws(E) -> Double {
        for _ in 0..<warmup { try body() }
        var times: [Double] = []
        for _ in 0..<max(repeats, 1) { times.append(try seconds(body)) }
        times.sort()
        return times[times.count / 2]
    }
}
