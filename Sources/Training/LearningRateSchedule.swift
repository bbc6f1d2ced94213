import Foundation

/// Linear warm-up, then cosine decay to a floor.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    /// A run given a new length part-way: from `step` on, the rate decays by a
    /// cosine from the `rate` it had reached to the floor at the new end, so
    /// shortening a long run anneals it instead of jumping the rate.
    public struct Replan: Codable, Sendable, Equatable {
        public var step: Int
        public var rate: Float
        /// The schedule the steps before `step` followed (an array only to box the recursion).
        public var before: [LearningRateSchedule]
        public init(step: Int, rate: Float, before: LearningRateSchedule) {
            self.step = step
            self.rate = rate
            self.before = [before]
        }
    }

    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    /// The final rate as a fraction of the peak.
    public var floor: Float
    public var replan: Replan?

    public init(peak: Float, warmupSteps: Int = 0, totalSteps: Int, floor: Float = 0.1) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.floor = floor
    }

    /// This schedule ending at `steps` instead, continuing smoothly from `step`.
    public func replanned(at step: Int, totalSteps steps: Int) -> LearningRateSchedule {
        var s = self
        s.replan = Replan(step: step, rate: rate(at: step), before: self)
        s.totalSteps = steps
        return s
    }

    /// The rate for step `step` (0-based).
    public func rate(at step: Int) -> Float {
        if let r = replan, step >= r.step {
            let p = min(1, Double(step - r.step) / Double(max(1, totalSteps - r.step)))
            let c = Float(0.5 * (1 + cos(Double.pi * p)))
            return peak * floor + (r.rate - peak * floor) * c
        }
        if let r = replan, let before = r.before.first { return before.rate(at: step) }
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let span = max(1, totalSteps - warmupSteps)
        let p = min(1, Double(step - warmupSteps) / Double(span))
        let c = Float(0.5 * (1 + cos(Double.pi * p)))
        return peak * (floor + (1 - floor) * c)
    }
}
