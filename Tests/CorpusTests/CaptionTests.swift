import Corpus
import Engine
import Testing

@Suite struct CaptionTests {
    @Test func captionsVaryInWordingLengthAndOrder() {
        var captions: [String] = []
        for index in 0..<300 { captions.append(ClipSpec(index: index, corpusSeed: 5, kind: .generator).compose().caption) }
        #expect(Set(captions).count >= 290)
        let openings = Set(captions.map { $0.split(separator: " ").prefix(2).joined(separator: " ") })
        #expect(openings.count >= 60)
        let short = captions.filter { $0.split(separator: " ").count <= 4 }
        #expect(short.count >= 20 && short.count <= 90)
        #expect(captions.filter { $0.lowercased().contains("bpm") || $0.contains("beats per minute") }.count >= 60)
        for c in captions {
            #expect(c.first?.isUppercase == true, "\(c)")
            #expect(!c.contains("  ") && !c.contains(" ,") && !c.contains(".."), "\(c)")
            // "a" never stands before a vowel sound, "an" never before a consonant.
            let words = (" " + c.lowercased()).split(separator: " ").map(String.init)
            for (w, next) in zip(words, words.dropFirst()) {
                if w == "a" { #expect(Caption.article(next) == "a", "\(c)") }
                if w == "an" { #expect(Caption.article(next) == "an", "\(c)") }
            }
        }
    }

    @Test func aCaptionSaysWhatTheClipIs() {
        // Many wordings of one clip: together they name its genre, instruments, tempo and key.
        let arrangement = Arrangement(style: "celtic_jig", bpm: 118, meter: "6/8", tonic: 2, mode: .dorian, lead: 73, comp: 25,
                                      layer: nil, bass: 32, drumKit: 0, energy: 2, contour: "arched", bars: 6)
        var text = ""
        for seed in 0..<200 as Range<UInt64> {
            var rng = SeededGenerator(seed: seed)
            text += Caption.write(arrangement, rng: &rng).lowercased() + "\n"
        }
        for word in ["celtic", "flute", "acoustic guitar", "118 bpm", "d dorian", "a minor key", "upbeat", "6/8", "drums"] {
            #expect(text.contains(word), "\(word)")
        }
        #expect(!text.contains("major"))
    }

    @Test func articlesFollowSound() {
        #expect(Caption.article("upbeat") == "an" && Caption.article("euphoric") == "a" && Caption.article("8-bit") == "an")
        #expect(Caption.article("mellow") == "a" && Caption.article("intense") == "an")
    }
}
