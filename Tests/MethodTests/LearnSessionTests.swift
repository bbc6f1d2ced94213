import Audio
import Engine
import EngineTestSupport
import Foundation
import Generation
import Library
import Method
import ModelTestSupport
import Testing
import TextTestSupport
import Training

@Suite(.serialized) struct LearnSessionTests {
    func tone(_ name: String, seconds: Double) throws -> String {
        let path = Fixtures.temporaryFolder("session-audio").appendingPathComponent(name).path
        let s = (0..<Int(seconds * 16_000)).map { i in 0.3 * Float(sin(2 * .pi * 330 * Double(i) / 16_000)) }
        try AudioFile.write(AudioClip(samples: s, sampleRate: 16_000), to: path)
        return path
    }

    func session(_ files: [String], library: ConceptLibrary, runs: URL, resume: Bool = false, name: String = "koto") throws -> LearnSession {
        var o = LearnOptions()
        o.maskEpochs = 1; o.steps = 4; o.batch = 2; o.frames = 8; o.checkpointEvery = 2
        let s = try LearnSession(specs: [.init(name: name, kind: .instrument, files: files)], options: o,
                                 base: try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("session-base"))),
                                 text: try TinyBert.encoder(), library: library, resume: resume)
        s.runsRoot = runs
        s.sampleEvery = 0
        return s
    }

    @Test func aLearnEndsInADeltaAndALibraryRecordWithItsMask() throws {
        let lib = try ConceptLibrary(url: Fixtures.temporaryFolder("session-lib").appendingPathComponent("library.sqlite"))
        let runs = Fixtures.temporaryFolder("session-runs")
        var events: [String] = []
        let record = try session([try tone("k.wav", seconds: 11)], library: lib, runs: runs).run(stop: StopSignal()) { e in
            switch e {
            case .phase(let n, _): events.append(n)
            case .mask: events.append("mask")
            case .learned: events.append("learned")
            default: break
            }
        }
        #expect(events == ["mask <koto>", "mask", "prior clips", "tuning", "learned"])
        #expect(record.status == .learned && record.step == 4 && FileManager.default.fileExists(atPath: record.deltaPath!))
        #expect(try lib.concept(named: "koto") != nil)
        let histogram = try lib.metrics(runId: record.id!, name: "mask_histogram")
        #expect(histogram.count == 40 && histogram.map(\.value).reduce(0, +) > 0)
        #expect(try lib.metrics(runId: record.id!, name: "pivotal_entries").first!.value > 0)
    }

    @Test func aJointLearnReusesTheMaskOfAnEarlierSingleLearn() throws {
        let lib = try ConceptLibrary(url: Fixtures.temporaryFolder("session-lib4").appendingPathComponent("library.sqlite"))
        let runs = Fixtures.temporaryFolder("session-runs4")
        let koto = try tone("k.wav", seconds: 11), other = try tone("r.wav", seconds: 12)
        _ = try session([koto], library: lib, runs: runs).run(stop: StopSignal())
        var o = LearnOptions()
        o.maskEpochs = 1; o.steps = 4; o.batch = 2; o.frames = 8; o.checkpointEvery = 2
        o.genrePivotalPercent = 5  // below 100 %, where a genre's mask decides what trains
        let joint = try LearnSession(specs: [.init(name: "koto", kind: .instrument, files: [koto]), .init(name: "reggae", kind: .genre, files: [other])],
                                     options: o, base: try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("session-base4"))),
                                     text: try TinyBert.encoder(), library: lib, resume: false)
        joint.runsRoot = runs
        joint.sampleEvery = 0
        var phases: [String] = []
        let r = try joint.run(stop: StopSignal()) { if case .phase(let n, _) = $0 { phases.append(n) } }
        #expect(phases == ["mask <koto> (stored)", "mask <reggae>", "prior clips", "tuning"])
        #expect(r.status == .learned && r.conceptNames == ["koto", "reggae"])
    }

    @Test func aGenreAtOneHundredPercentTrainsEveryEntryWithoutAMask() throws {
        let lib = try ConceptLibrary(url: Fixtures.temporaryFolder("session-lib5").appendingPathComponent("library.sqlite"))
        let runs = Fixtures.temporaryFolder("session-runs5")
        var o = LearnOptions()
        o.maskEpochs = 1; o.steps = 4; o.batch = 2; o.frames = 8; o.checkpointEvery = 2
        #expect(o.genrePivotalPercent == 100)
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("session-base5")))
        let before = Dictionary(uniqueKeysWithValues: base.denoiser.namedParameters().map { ($0.name, $0.parameter.value.toArray()) })
        // With an instrument beside it: the union of the selections is every entry, so its mask is not needed either.
        let s = try LearnSession(specs: [.init(name: "koto", kind: .instrument, files: [try tone("k.wav", seconds: 11)]),
                                         .init(name: "reggae", kind: .genre, files: [try tone("r.wav", seconds: 12)])],
                                 options: o, base: base, text: try TinyBert.encoder(), library: lib, resume: false)
        s.runsRoot = runs
        s.sampleEvery = 0
        var phases: [String] = []
        var maskReports = 0
        let r = try s.run(stop: StopSignal()) { e in
            if case .phase(let n, _) = e { phases.append(n) }
            if case .mask = e { maskReports += 1 }
        }
        #expect(phases == [LearnSession.noMaskPhase, "prior clips", "tuning"] && maskReports == 0 && r.status == .learned)
        let folder = try s.folderURL()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("mask-") }.isEmpty)
        // Every masked weight trained whole: each of them moved, in (almost) every entry.
        let learner = try ConceptLearner(base: base, text: try TinyBert.encoder(), concepts: [], options: o)
        for (name, p) in learner.maskedWeights {
            let moved = zip(before[name]!, p.value.toArray()).filter { $0 != $1 }.count
            #expect(moved > p.value.count * 9 / 10, "\(name): \(moved) of \(p.value.count) entries moved")
        }
    }

    @Test func aStoppedLearnResumesAsTheSameRun() throws {
        let lib = try ConceptLibrary(url: Fixtures.temporaryFolder("session-lib2").appendingPathComponent("library.sqlite"))
        let runs = Fixtures.temporaryFolder("session-runs2")
        let file = try tone("k.wav", seconds: 11)
        let stop = StopSignal()
        var steps: [Int] = []
        let first = try session([file], library: lib, runs: runs).run(stop: stop) { e in
            if case .phase("tuning", _) = e { stop.request() }
            if case .log(let s, _, _) = e { steps.append(s) }
        }
        #expect(first.status == .stopped)
        let second = try session([file], library: lib, runs: runs, resume: true).run(stop: StopSignal())
        #expect(second.id == first.id && second.status == .learned && second.step == 4)
        #expect(try lib.runs().count == 1)
    }

    @Test func badReferencesAndNamesLeaveTheLibraryUnchanged() throws {
        let lib = try ConceptLibrary(url: Fixtures.temporaryFolder("session-lib3").appendingPathComponent("library.sqlite"))
        let runs = Fixtures.temporaryFolder("session-runs3")
        #expect(throws: (any Error).self) { try session([try tone("short.wav", seconds: 3)], library: lib, runs: runs).run(stop: StopSignal()) }
        #expect(throws: (any Error).self) { try session(["/no/such/file.wav"], library: lib, runs: runs).run(stop: StopSignal()) }
        #expect(throws: (any Error).self) { try session([try tone("k.wav", seconds: 11)], library: lib, runs: runs, name: "bad name!") }
        #expect(try lib.concepts().isEmpty && lib.runs().isEmpty)
        // A name the library holds for other audio is refused, before anything changes.
        _ = try session([try tone("a.wav", seconds: 11)], library: lib, runs: runs).run(stop: StopSignal())
        #expect(throws: (any Error).self) { try session([try tone("b.wav", seconds: 12)], library: lib, runs: runs).run(stop: StopSignal()) }
        #expect(try lib.runs().count == 1)
    }
}
