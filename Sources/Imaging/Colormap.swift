/// Perceptually uniform colour maps for heat pictures such as spectrograms.
public enum Colormap: String, Sendable, CaseIterable {
    case magma, viridis, grey

    /// Anchor colours at even steps from 0 to 1 (from matplotlib's tables).
    private var anchors: [(Double, Double, Double)] {
        switch self {
        case .magma:
            return [(0.001, 0.000, 0.014), (0.078, 0.054, 0.212), (0.232, 0.060, 0.437), (0.390, 0.100, 0.502),
                    (0.550, 0.161, 0.506), (0.716, 0.215, 0.475), (0.868, 0.288, 0.409), (0.967, 0.439, 0.359),
                    (0.994, 0.624, 0.427), (0.995, 0.807, 0.564), (0.987, 0.991, 0.750)]
        case .viridis:
            return [(0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553),
                    (0.164, 0.471, 0.558), (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441),
                    (0.478, 0.821, 0.318), (0.741, 0.873, 0.150), (0.993, 0.906, 0.144)]
        case .grey:
            return [(0, 0, 0), (1, 1, 1)]
        }
    }

    /// The colour for t in [0, 1] (clamped), linearly interpolated between anchors.
    public func color(_ t: Double) -> RGB {
        let a = anchors
        let x = min(max(t.isNaN ? 0 : t, 0), 1) * Double(a.count - 1)
        let i = min(Int(x), a.count - 2), f = x - Double(i)
        func mix(_ p: Double, _ q: Double) -> UInt8 { UInt8(max(0, min(255, ((p + (q - p) * f) * 255).rounded()))) }
        return RGB(mix(a[i].0, a[i + 1].0), mix(a[i].1, a[i + 1].1), mix(a[i].2, a[i + 1].2))
    }
}
