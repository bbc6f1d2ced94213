import Foundation

/// Wall time by phase of a job (reading, latents, mask, tuning, …), in the order
/// the phases first ran; a phase timed twice adds up.
public struct PhaseClock: Sendable {
    public private(set) var phases: [Phase] = []

    public struct Phase: Sendable, Equatable {
        public var name: String
        public var seconds: Double
    }

    public init() {}

    public mutating func add(_ name: String, _ seconds: Double) {
        if let i = phases.firstIndex(where: { $0.name == name }) { phases[i].seconds += seconds } else { phases.append(Phase(name: name, seconds: seconds)) }
    }

    /// Runs `body` and adds its wall time to `name`.
    public mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    /// "reading 0.4 s · latents 1.2 s · …"
    public var summary: String {
        phases.map { String(format: "%@ %.1f s", $0.name, $0.seconds) }.joined(separator: " · ")
    }
}
