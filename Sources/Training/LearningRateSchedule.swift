import Foundation

/// Linear warm-up, then cosine decay to a floor.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    /// The final rate as a fraction of the peak.
    public var floor: Float

    public init(peak: Float, warmupSteps: Int = 0, totalSteps: Int, floor: Float = 0.1) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.floor = floor
    }

    /// The rate for step `step` (0-based).
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let span = max(1, totalSteps - warmupSteps)
        let p = min(1, Double(step - warmupSteps) / Double(span))
        let c = Float(0.5 * (1 + cos(Double.pi * p)))
        return peak * (floor + (1 - floor) * c)
    }
}
