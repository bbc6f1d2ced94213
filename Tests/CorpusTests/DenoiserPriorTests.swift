import Corpus
import Testing

struct DenoiserPriorTests {
    @Test func strictlyNovelConceptsAreTwoInstrumentsAndTwoGenres() {
        let novel = DenoiserPrior.strictlyNovelConcepts
        #expect(novel.count == 4)
        #expect(novel.filter { $0.kind == .instrument }.count == 2)
        #expect(novel.filter { $0.kind == .genre }.count == 2)
        #expect(DenoiserPrior.heldOutPrograms == [107, 114])
    }

    @Test func aStrictlyNovelInstrumentIsNeverHeard() {
        #expect(DenoiserPrior.caption("A solo plucked or reed instrument, low register", bank: 0, program: 107, package: nil) == nil)
        #expect(DenoiserPrior.caption("A solo percussion instrument", bank: 8, program: 114, package: nil) == nil)
        // Bank 128 holds percussion kits: program 114 there is another sound.
        #expect(DenoiserPrior.caption("A drum kit", bank: 128, program: 114, package: nil) == "A drum kit")
        // Other benchmark instruments are heard, under a generic caption.
        let sitar = "A solo plucked or reed instrument playing chords, middle register"
        #expect(DenoiserPrior.caption(sitar, bank: 0, program: 104, package: nil) == sitar)
    }

    @Test func aCaptionNamingAConceptIsBlankedNotKept() {
        #expect(DenoiserPrior.caption("A slow waltz on the piano", bank: nil, program: nil, package: nil) == "")
        #expect(DenoiserPrior.caption("Sitar and tabla", bank: 0, program: 0, package: nil) == "")
        #expect(DenoiserPrior.caption("A dubious pan flute", bank: nil, program: nil, package: nil) == "A dubious pan flute")
    }

    @Test func anUncaptionedRealTrackIsDescribedByItsPackage() {
        #expect(DenoiserPrior.caption("", bank: nil, program: nil, package: "ufoai-music") == "Instrumental game soundtrack music from ufoai.")
        #expect(DenoiserPrior.caption("", bank: nil, program: nil, package: "planetblupi-music-ogg") == "Instrumental game soundtrack music from planetblupi.")
        #expect(DenoiserPrior.caption("", bank: nil, program: nil, package: "swing-data") == "Instrumental game soundtrack music.")
        #expect(DenoiserPrior.caption("", bank: nil, program: nil, package: nil) == "")
    }
}
