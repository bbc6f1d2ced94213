import Diffusion
import Engine
import EngineTestSupport
import Foundation
import Model
import Training
import Testing

@Suite(.serialized) struct TrainingLoopTests {
    /// A tiny denoiser trained on random batches drawn from the loop's generator.
    func makeRun(folder: URL, resume: Bool, steps: Int, scheduleSteps: Int = 12) throws -> (TrainingLoop, UNet1D) {
        let cfg = ModelConfiguration.tiny
        let unet = UNet1D(cfg, seed: 3)
        let opt = AdamW(groups: [.init("unet", learningRate: 1e-3, weightDecay: 0.01, parameters: unet.namedParameters())], beta1: 0.9, beta2: 0.95)
        var options = TrainingLoop.Options(steps: steps, checkpointEvery: 4, schedule: LearningRateSchedule(peak: 1e-3, warmupSteps: 2, totalSteps: scheduleSteps), seed: 11)
        options.logEvery = 2
        return (try TrainingLoop(module: unet, optimizer: opt, ema: EMA(unet, decay: 0.9), options: options, folder: folder, resume: resume), unet)
    }

    func body(_ unet: UNet1D) -> (Int, inout SeededGenerator) throws -> Float {
        let schedule = NoiseSchedule()
        return { _, rng in
            let x0 = Tensor.randn([2, 8, 4], using: &rng), noise = Tensor.randn([2, 8, 4], using: &rng)
            let ctx = Tensor.randn([2, 3, 12], using: &rng)
            let t = [Int(rng.next() % 1000), Int(rng.next() % 1000)]
            let loss = Tensor.mse(unet(schedule.addNoise(x0, noise: noise, timesteps: t), timesteps: t.map(Float.init), context: ctx, contextMask: nil), noise)
            loss.backward()
            return loss.item()
        }
    }

    @Test func stoppedAndResumedRunMatchesAnUninterruptedOne() throws {
        let straightDir = Fixtures.temporaryFolder("straight"), splitDir = Fixtures.temporaryFolder("split")
        let (straight, a) = try makeRun(folder: straightDir, resume: false, steps: 12)
        #expect(try straight.run(stop: StopSignal(), body(a)) == .finished(step: 12))

        // First part: stopped by a signal after step 6 (the check runs before each step).
        let stop = StopSignal()
        let (first, b) = try makeRun(folder: splitDir, resume: false, steps: 12)
        let outcome = try first.run(stop: stop, { s, rng in
            let l = try body(b)(s, &rng)
            if s == 5 { stop.request() }
            return l
        })
        #expect(outcome == .stopped(step: 6))
        // A fresh process would build the model anew and resume.
        let (second, c) = try makeRun(folder: splitDir, resume: true, steps: 12)
        #expect(second.step == 6)
        #expect(try second.run(stop: StopSignal(), body(c)) == .finished(step: 12))
        for ((_, p), (_, q)) in zip(a.namedParameters(), c.namedParameters()) { #expect(p.value.toArray() == q.value.toArray()) }
        // The loss curve continues: the same logged steps and values.
        #expect(straight.log.entries.map(\.step) == second.log.entries.map(\.step))
        #expect(straight.log.entries.map(\.loss) == second.log.entries.map(\.loss))
        // Starting over in a folder that has a run is refused.
        #expect(throws: EngineError.self) { try makeRun(folder: splitDir, resume: false, steps: 12) }
    }

    @Test func aResumedRunGivenAnotherLengthAnnealsFromWhereItWas() throws {
        let dir = Fixtures.temporaryFolder("replan")
        let stop = StopSignal()
        let (first, a) = try makeRun(folder: dir, resume: false, steps: 12)
        _ = try first.run(stop: stop, { s, rng in
            if s == 5 { stop.request() }
            return try body(a)(s, &rng)
        })
        let old = first.schedule
        let (second, b) = try makeRun(folder: dir, resume: true, steps: 8, scheduleSteps: 8)
        #expect(second.schedule.replan == LearningRateSchedule.Replan(step: 6, rate: old.rate(at: 6), before: old))
        #expect((0..<6).allSatisfy { second.schedule.rate(at: $0) == old.rate(at: $0) }, "rates already used never change")
        #expect(second.schedule.rate(at: 6) == old.rate(at: 6))
        #expect(abs(second.schedule.rate(at: 8) - old.peak * old.floor) < 1e-9)
        #expect(try second.run(stop: StopSignal(), body(b)) == .finished(step: 8))
        // The replanned schedule is the run's now: resuming at the same length keeps it.
        let (third, _) = try makeRun(folder: dir, resume: true, steps: 8, scheduleSteps: 8)
        #expect(third.schedule == second.schedule)
    }

    @Test func divergenceStopsAndKeepsTheLastGoodCheckpoint() throws {
        let dir = Fixtures.temporaryFolder("nan")
        let (run, unet) = try makeRun(folder: dir, resume: false, steps: 12)
        let outcome = try run.run(stop: StopSignal()) { s, rng in s == 6 ? .nan : try body(unet)(s, &rng) }
        #expect(outcome == .diverged(step: 6, checkpoint: 4))
        #expect(try TrainingCheckpoint(folder: dir.appendingPathComponent("checkpoints")).load()?.0.step == 4)
    }

    @Test func readingALogLeavesTheRunningFileAlone() throws {
        let dir = Fixtures.temporaryFolder("readlog")
        let (run, unet) = try makeRun(folder: dir, resume: false, steps: 12)
        let url = dir.appendingPathComponent("loss.jsonl")
        let inode = { (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int) ?? -1 }
        let before = try inode()
        _ = try run.run(stop: StopSignal(), body(unet))
        #expect(LossLog.read(url).map(\.step) == [2, 4, 6, 8, 10, 12])
        #expect(try inode() == before, "a reader must not replace the file the run appends to")
    }

    @Test func lossPlotIsWritten() throws {
        let dir = Fixtures.temporaryFolder("plot")
        let (run, unet) = try makeRun(folder: dir, resume: false, steps: 12)
        _ = try run.run(stop: StopSignal(), body(unet))
        try run.log.plot(to: dir.appendingPathComponent("loss.png"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("loss.png").path))
        let schedule = LearningRateSchedule(peak: 1, warmupSteps: 10, totalSteps: 110, floor: 0.1)
        #expect(schedule.rate(at: 0) == 0.1 && schedule.rate(at: 9) == 1 && abs(schedule.rate(at: 110) - 0.1) < 1e-6)
    }
}
