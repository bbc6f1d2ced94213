import Audio
import Corpus
import EngineTestSupport
import Foundation
import Testing

/// The broad timbre corpus (`--kind gm`): what it plays, and that it renders.
struct TimbrePlanTests {
    @Test func thePlanCoversEveryProgramAndKitInEveryRegister() {
        let plan = TimbrePlan(presets: SoundFontPreset.generalMIDI.shuffled())
        #expect(plan.programs == Set(0..<128) && plan.missingPrograms.isEmpty)
        for register in TimbrePlan.Register.allCases {
            let cells = plan.cells.filter { $0.register == register }
            #expect(Set(cells.filter { $0.preset.bank == 0 }.map(\.preset.program)) == Set(0..<128))
            #expect(cells.filter(\.drums).count == GeneralMIDI.Kit.allCases.count + 1)
        }
        // The first pass plays every cell once; the benchmark instruments are in it.
        let firstPass = (0..<plan.cells.count).map { plan.cell(for: $0) }
        #expect(firstPass.allSatisfy { $0.pass == 0 } && firstPass.map(\.cell) == plan.cells)
        #expect(plan.cell(for: plan.cells.count).pass == 1)
        for concept in HoldOut.concepts { if let p = concept.program { #expect(plan.programs.contains(p)) } }
        // Middle register first: any prefix of 137 clips has all 128 programs.
        #expect(Set(plan.cells.prefix(137).filter { $0.preset.bank == 0 }.map(\.preset.program)).count == 128)
    }

    @Test func registersAndDrumKeysSpanTheInstrument() {
        let all = TimbrePlan.Register.allCases.flatMap { TimbrePlan.drumKeys(register: $0) }
        #expect(all.count == Set(all).count && Set(all) == Set(27...87))
        for program in 0..<128 {
            let low = TimbrePlan.keys(program: program, register: .low), high = TimbrePlan.keys(program: program, register: .high)
            #expect(low.lowerBound < high.lowerBound && low.upperBound < high.upperBound && low.lowerBound >= 21 && high.upperBound <= 108)
        }
    }

    @Test func aDrumKitSoundFontIsPlayedAsKits() {
        let plan = TimbrePlan(presets: [SoundFontPreset(bank: 0, program: 0, name: "Black_Pearl_4pc")])
        #expect(plan.cells.count == 3 && plan.cells.allSatisfy(\.drums))
        let gm = TimbrePlan(presets: SoundFontPreset.generalMIDI).cells.filter { $0.preset.bank == 0 }
        #expect(gm.allSatisfy { !$0.drums })
    }

    @Test func clipsAreSeededAndVaried() {
        let plan = TimbrePlan(presets: SoundFontPreset.generalMIDI)
        var gestures = Set<TimbreGesture>()
        for index in 0..<plan.cells.count {
            let clip = TimbreClip(index: index, corpusSeed: 5, plan: plan)
            #expect((8...12).contains(clip.seconds))
            let a = clip.compose(), b = TimbreClip(index: index, corpusSeed: 5, plan: plan).compose()
            #expect(a.midi == b.midi && a.caption == b.caption)
            gestures.formUnion(a.gestures)
            if !clip.cell.drums { #expect(Set([.staccato, .sustained, .chord]).isSubset(of: a.gestures), "clip \(index): \(a.gestures)") }
            // The codec may hear the benchmark instruments; no caption names them.
            #expect(HoldOut.conceptNamed(in: a.caption) == nil, "\(a.caption)")
        }
        #expect(gestures == Set(TimbreGesture.allCases))
        #expect(TimbreClip(index: 0, corpusSeed: 5, plan: plan).compose().midi != TimbreClip(index: 0, corpusSeed: 6, plan: plan).compose().midi)
    }

    @Test func aTimbreCorpusRendersAndResumes() throws {
        let folder = Fixtures.temporaryFolder("gm-corpus")
        let builder = CorpusBuilder(folder: folder, settings: .init(kind: .gm, seed: 5))
        try builder.build(clipCount: 3, stopAfter: 2)
        let done = try builder.build(clipCount: 3)
        #expect(done.resumedFrom == 2 && done.done == 3)
        let lines = try String(contentsOf: folder.appendingPathComponent("manifest.jsonl"), encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try JSONDecoder().decode(TimbreClipEntry.self, from: Data($0.utf8)) }
        #expect(entries.map(\.program) == [0, 1, 2] && entries.allSatisfy { $0.bank == 0 && $0.register == .middle })
        let clip = try AudioFile.read(folder.appendingPathComponent(entries[2].file).path).clip
        #expect(clip.rms > 0.01 && abs(clip.duration - entries[2].seconds) < 0.01)
    }
}

