import Dispatch

/// Wall-clock timing for benchmarks: warm-up runs, then the median of timed runs.
public enum Stopwatch {
    public static func seconds(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// Median seconds of `repeats` runs after `warmup` unmeasured ones.
    public static func median(warmup: Int = 2, repeats: Int, _ body: () -> Void) -> Double {
        for _ in 0..<warmup { body() }
        let times = (0..<max(repeats, 1)).map { _ in seconds(body) }.sorted()
        return times[times.count / 2]
    }
}
