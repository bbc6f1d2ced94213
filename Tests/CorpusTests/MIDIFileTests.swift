import Corpus
import Testing

@Suite struct MIDIFileTests {
    @Test func variableLengthQuantitiesMatchTheSpecification() {
        // Examples from the SMF 1.0 specification.
        let cases: [(Int, [UInt8])] = [(0, [0x00]), (0x40, [0x40]), (0x7F, [0x7F]), (0x80, [0x81, 0x00]),
                                       (0x2000, [0xC0, 0x00]), (0x3FFF, [0xFF, 0x7F]), (0x4000, [0x81, 0x80, 0x00]),
                                       (0x0FFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F])]
        for (value, bytes) in cases {
            #expect(MIDIFile.variableLengthQuantity(value) == bytes, "\(value)")
        }
    }

    @Test func sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        for style in Styles.all {
            let a = Composer.compose(ClipRequest(style: style, seed: 42, seconds: 10, kind: .evaluator)).midi.data()
            let b = Composer.compose(ClipRequest(style: style, seed: 42, seconds: 10, kind: .evaluator)).midi.data()
            let c = Composer.compose(ClipRequest(style: style, seed: 43, seconds: 10, kind: .evaluator)).midi.data()
            #expect(a == b, "\(style.id)")
            #expect(a != c, "\(style.id)")
        }
    }

    @Test(arguments: Styles.all.map(\.id))
    func everyStyleWritesAValidFormatOneFile(_ id: String) throws {
        let style = try #require(Styles.named(id))
        let composition = Composer.compose(ClipRequest(style: style, seed: 7, seconds: 12, kind: .evaluator))
        let smf = try SMFReader(composition.midi.data())
        #expect(smf.format == 1 && smf.division == 960)
        #expect(smf.tracks.count >= 3)  // conductor, lead, accompaniment at least
        // The conductor holds tempo, meter and key, and no channel events.
        let conductor = smf.tracks[0]
        #expect(conductor.events.isEmpty)
        let tempo = try #require(conductor.metas.first { $0.type == 0x51 })
        let usPerQuarter = Int(tempo.data[0]) << 16 | Int(tempo.data[1]) << 8 | Int(tempo.data[2])
        let bpm = Double(composition.arrangement.bpm) * style.meter.quartersPerBeat
        #expect(abs(60_000_000 / Double(usPerQuarter) - bpm) < 0.01)
        let meter = try #require(conductor.metas.first { $0.type == 0x58 })
        #expect(Int(meter.data[0]) == style.meter.numerator && 1 << Int(meter.data[1]) == style.meter.denominator)

        var drumNotes = 0
        for track in smf.tracks.dropFirst() {
            let channels = Set(track.events.map(\.channel))
            #expect(channels.count == 1, "one channel per track: \(track.name)")
            // Every note-on is released on the same channel and key, later or at once.
            var open: [Int: Int] = [:]
            for e in track.events {
                let key = e.channel * 128 + Int(e.data[0])
                switch e.type {
                case 0x90:
                    #expect(open[key] == nil, "a key struck twice without release in \(track.name)")
                    #expect(e.data[1] > 0)
                    open[key] = e.tick
                case 0x80:
                    let on = open.removeValue(forKey: key)
                    #expect(on != nil && e.tick > on!, "a release without a strike in \(track.name)")
                case 0xC0:
                    let program = Int(e.data[0])
                    if e.channel == 9 { #expect(GeneralMIDI.Kit(rawValue: program) != nil) } else {
                        #expect(Instruments.byProgram[program] != nil)
                    }
                default: break
                }
            }
            #expect(open.isEmpty, "unreleased notes in \(track.name)")
            if channels == [9] { drumNotes += track.events.filter { $0.type == 0x90 }.count }
        }
        #expect((drumNotes > 0) == (composition.arrangement.drumKit != nil))
    }

    @Test func meterTempoAndLengthFollowTheStyle() throws {
        let waltz = try #require(Styles.named("waltz")), gospel = try #require(Styles.named("gospel"))
        #expect(waltz.meter == .threeFour && gospel.meter == .twelveEight)
        for seed in 0..<20 as Range<UInt64> {
            let c = Composer.compose(ClipRequest(style: waltz, seed: seed, seconds: 9.5, kind: .generator))
            #expect(waltz.tempo.contains(c.arrangement.bpm))
            #expect(c.arrangement.meter == "3/4")
            // Whole bars covering the request, plus one bar of tail.
            let bar = 3 * 60 / Double(c.arrangement.bpm)
            #expect(c.writtenSeconds >= 9.5 + bar - 1e-9 && c.writtenSeconds < 9.5 + 2 * bar)
        }
    }
}
