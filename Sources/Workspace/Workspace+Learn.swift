import Foundation
import Generation
import Library
import Method
import Text
import Training

/// What a learn ended with: its library record (learned, stopped or failed) and where its time went.
public struct LearnResult: Sendable {
    public var record: RunRecord
    public var clock: PhaseClock
}

extension Workspace {
    /// Learns `specs` jointly (`LearnSession`: masks, pivotal selection, tuning, the delta) on a
    /// fresh copy of the base model, runs under `concepts/`, reporting through `onEvent`; a stop
    /// leaves a run that `resume` continues.
    @discardableResult
    public func learn(_ specs: [LearnSession.Spec], options: LearnOptions = LearnOptions(), resume: Bool = false, sampleEvery: Int = LearnSession.defaultSampleEvery,
                      stop: StopSignal = .shared, onEvent: (LearnSession.Event) -> Void = { _ in }) throws -> LearnResult {
        let session = try LearnSession(specs: specs, options: options, base: try BaseModel(folder: try baseFolder()),
                                       text: try TextEncoder(folder: textFolder), library: library, resume: resume)
        session.runsRoot = conceptsFolder
        session.sampleEvery = sampleEvery
        let record = try session.run(stop: stop, onEvent: onEvent)
        return LearnResult(record: record, clock: session.clock)
    }

    /// The specs of concepts the library holds, with their stored references: to learn them
    /// jointly or to continue a stopped learn.
    public func storedSpecs(_ names: [String]) throws -> [LearnSession.Spec] {
        try names.map { n in
            guard let c = try library.concept(named: n) else { throw ConceptLibrary.Failure.unknown(n, known: try library.concepts().map(\.name)) }
            return LearnSession.Spec(name: n, kind: ConceptKind(rawValue: c.kind) ?? .instrument, files: try library.references(of: n).map(\.path))
        }
    }
}
