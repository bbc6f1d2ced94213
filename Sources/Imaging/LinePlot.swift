import Foundation

/// Simple line plots for training curves.
public enum LinePlot {
    /// Each series is drawn raw in grey and, when `smoothing` > 0, as an exponential
    /// moving average in colour whose window is that fraction of the series' points
    /// (0.05: about a twentieth of the curve). Axes span the data; `logY` plots log10.
    public static func render(series: [[(Double, Double)]], width: Int, height: Int, logY: Bool = false,
                              smoothing: Double = 0) -> Canvas {
        var c = Canvas(width: width, height: height, background: RGB(16, 16, 24))
        let margin = 8
        let points = series.flatMap { $0 }.filter { !logY || $0.1 > 0 }
        guard points.count >= 2 else { return c }
        func y(_ v: Double) -> Double { logY ? log10(v) : v }
        let xs = points.map(\.0), ys = points.map { y($0.1) }
        let (x0, x1) = (xs.min()!, max(xs.max()!, xs.min()! + 1e-9))
        let (y0, y1) = (ys.min()!, max(ys.max()!, ys.min()! + 1e-9))
        func px(_ x: Double) -> Int { margin + Int((x - x0) / (x1 - x0) * Double(width - 2 * margin - 1)) }
        func py(_ v: Double) -> Int { height - margin - 1 - Int((y(v) - y0) / (y1 - y0) * Double(height - 2 * margin - 1)) }
        // Grid: decades on a log axis, quarters otherwise.
        if logY {
            var d = floor(y0)
            while d <= y1 { let yy = height - margin - 1 - Int((d - y0) / (y1 - y0) * Double(height - 2 * margin - 1)); c.line(margin, yy, width - margin, yy, RGB(40, 40, 56)); d += 1 }
        }
        let palette = [RGB(255, 170, 60), RGB(90, 200, 255), RGB(140, 230, 120), RGB(240, 100, 160)]
        for (k, s) in series.enumerated() {
            let pts = s.filter { !logY || $0.1 > 0 }
            for (a, b) in zip(pts, pts.dropFirst()) { c.line(px(a.0), py(a.1), px(b.0), py(b.1), RGB(90, 90, 100)) }
            guard smoothing > 0, let first = pts.first else { continue }
            let alpha = 1 / max(1, smoothing * Double(pts.count))
            var ema = first.1
            var prev = (px(first.0), py(ema))
            for p in pts.dropFirst() {
                ema = (1 - alpha) * ema + alpha * p.1
                let cur = (px(p.0), py(ema))
                c.line(prev.0, prev.1, cur.0, cur.1, palette[k % palette.count])
                prev = cur
            }
        }
        return c
    }
}
