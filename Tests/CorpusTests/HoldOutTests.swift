import Corpus
import Testing

@Suite struct HoldOutTests {
    @Test func theBenchmarkHasTenInstrumentsAndTenGenresThatAreStyles() {
        #expect(HoldOut.concepts.count == 20)
        #expect(HoldOut.concepts.filter { $0.kind == .instrument }.count == 10)
        let genres = HoldOut.concepts.filter { $0.kind == .genre }
        #expect(genres.count == 10)
        for g in genres { #expect(Styles.named(g.style ?? "") != nil, "\(g.id)") }
        #expect(Styles.all.count >= 30)
        #expect(Styles.available(for: .generator).count >= 20)
        #expect(Set(Styles.all.map(\.id)).count == Styles.all.count)
        // GM programs of the instrument concepts, and Violin, which is Fiddle's sound in FluidR3_GM.
        #expect(HoldOut.heldOutPrograms == [104, 107, 108, 109, 111, 110, 77, 114, 105, 79, 40])
    }

    @Test func theNameCheckFindsNamesAndSynonymsAsWholeWords() {
        #expect(HoldOut.conceptNamed(in: "A slow violin solo")?.concept.id == "fiddle")
        #expect(HoldOut.conceptNamed(in: "Steel-pan melody")?.concept.id == "steel_drums")
        #expect(HoldOut.conceptNamed(in: "an OOM-PAH bass")?.concept.id == "polka")
        #expect(HoldOut.conceptNamed(in: "swung eighths")?.concept.id == "swing")
        #expect(HoldOut.conceptNamed(in: "Bossa Nova guitar")?.concept.id == "bossa_nova")
        #expect(HoldOut.conceptNamed(in: "pan flute and pipe organ, a dubious marchpane") == nil)
    }

    /// Every word a generator caption can be built from: style names and moods
    /// of generator styles, names of allowed instruments and kits, and the
    /// writer's own tempo, mood and energy words.
    @Test func noGeneratorCaptionWordNamesAConcept() {
        var words: [String] = []
        for style in Styles.available(for: .generator) { words += style.names + style.moods }
        for (program, instrument) in Instruments.byProgram where HoldOut.allows(program: program, in: .generator) {
            words += instrument.captionNames
        }
        for kit in GeneralMIDI.Kit.allCases { words += kit.captionNames }
        for bpm in stride(from: 40, to: 220, by: 5) { words += Caption.tempoWords(bpm) }
        for mode in Mode.allCases { words += Caption.moods(style: nil, mode: mode, bpm: 80) + [mode.captionName] }
        for word in words { #expect(HoldOut.conceptNamed(in: word) == nil, "\(word)") }
    }

    /// The hold-out proof: a generator corpus's music and captions, checked clip by clip.
    @Test func aGeneratorCorpusNeverPlaysOrNamesABenchmarkConcept() throws {
        var styles = Set<String>(), programs = Set<Int>()
        for index in 0..<600 {
            let spec = ClipSpec(index: index, corpusSeed: 99, kind: .generator)
            let (composition, caption) = spec.compose()
            #expect(!HoldOut.heldOutStyles.contains(spec.style.id))
            #expect(HoldOut.conceptNamed(in: caption) == nil, "clip \(index): \(caption)")
            // What the MIDI file itself plays, read back by an independent parser.
            let smf = try SMFReader(composition.midi.data())
            for track in smf.tracks {
                for e in track.events where e.type == 0xC0 && e.channel != 9 {
                    #expect(!HoldOut.heldOutPrograms.contains(Int(e.data[0])), "clip \(index) plays program \(e.data[0])")
                    programs.insert(Int(e.data[0]))
                }
            }
            styles.insert(spec.style.id)
        }
        // The corpus is still rich: every generator style, and many instruments.
        #expect(styles == Set(Styles.available(for: .generator).map(\.id)))
        #expect(programs.count >= 50)
    }

    @Test func theEvaluatorCorpusContainsTheBenchmarkConcepts() {
        var styles = Set<String>(), programs = Set<Int>(), named = Set<String>()
        for index in 0..<600 {
            let spec = ClipSpec(index: index, corpusSeed: 99, kind: .evaluator)
            let (composition, caption) = spec.compose()
            styles.insert(spec.style.id)
            programs.formUnion(composition.arrangement.programs)
            if let hit = HoldOut.conceptNamed(in: caption) { named.insert(hit.concept.id) }
        }
        #expect(HoldOut.heldOutStyles.isSubset(of: styles))
        #expect(Set(HoldOut.concepts.compactMap(\.program)).isSubset(of: programs))
        #expect(named.count >= 15)
    }

    @Test func theBenchmarkPromptsAreDiverseAndNameNoConcept() {
        #expect(BenchmarkPrompts.all.count == 20)
        #expect(Set(BenchmarkPrompts.all).count == 20)
        for prompt in BenchmarkPrompts.all { #expect(HoldOut.conceptNamed(in: prompt) == nil, "\(prompt)") }
    }

    @Test func benchmarkRecordingsUseOnlyGeneratorInstrumentsBesideTheConcept() {
        let builder = BenchmarkBuilder(folder: Fixtures.temporaryFolder("bench-plan"))
        for (index, concept) in HoldOut.concepts.enumerated() {
            let train = builder.plan(concept: concept, index: index, role: 0, seconds: 120)
            let evaluation = builder.plan(concept: concept, index: index, role: 1, seconds: 60)
            #expect(train.reduce(0) { $0 + $1.writtenSeconds } >= 120 && evaluation.reduce(0) { $0 + $1.writtenSeconds } >= 60)
            #expect(train.map(\.arrangement) != evaluation.map(\.arrangement))
            for piece in train + evaluation {
                let a = piece.arrangement
                if let program = concept.program {
                    #expect(a.lead == program)
                    #expect(HoldOut.allows(style: a.style, in: .generator))
                    #expect(a.programs.dropFirst().allSatisfy { HoldOut.allows(program: $0, in: .generator) })
                } else {
                    #expect(a.style == concept.style)
                    #expect(a.programs.allSatisfy { HoldOut.allows(program: $0, in: .generator) })
                }
            }
            if concept.kind == .instrument { #expect(Set(train.map(\.arrangement.style)).count >= 3) }
        }
    }
}

import EngineTestSupport
