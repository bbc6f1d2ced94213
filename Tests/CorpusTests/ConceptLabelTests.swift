import Corpus
import Foundation
import Testing

/// The classes the concept classifier learns from the evaluator corpus's arrangements.
@Suite struct ConceptLabelTests {
    func clip(_ style: String, lead: Int, comp: Int = 25, layer: Int? = nil, bass: Int? = 33) -> Arrangement {
        Arrangement(style: style, bpm: 110, meter: "4/4", tonic: 0, mode: .major, lead: lead, comp: comp, layer: layer, bass: bass,
                    drumKit: 0, energy: 1, contour: "arched", bars: 8)
    }

    @Test func classesAreTheTwentyConceptsThenOther() {
        #expect(ConceptLabel.classes.count == 21 && ConceptLabel.classes.last == "other")
        #expect(ConceptLabel.classes.prefix(20).elementsEqual(HoldOut.concepts.map(\.id)))
    }

    @Test func labelsFollowHowTheBenchmarkIsRecorded() {
        // Sitar (104) leading rock: the instrument; violin (40) is the fiddle's sound.
        #expect(ConceptLabel.of(clip("rock", lead: 104)) == .concept("sitar"))
        #expect(ConceptLabel.of(clip("rock", lead: 40)) == .concept("fiddle"))
        // A benchmark style with generator instruments only: the genre.
        #expect(ConceptLabel.of(clip("reggae", lead: 73)) == .concept("reggae"))
        // Neither: other.
        #expect(ConceptLabel.of(clip("rock", lead: 73)) == .other)
        // A benchmark lead in a benchmark style: the lead.
        #expect(ConceptLabel.of(clip("polka", lead: 109)) == .concept("bagpipe"))
        // A benchmark instrument only in the accompaniment, or two of them: no single answer.
        #expect(ConceptLabel.of(clip("rock", lead: 73, comp: 105)) == .ambiguous)
        #expect(ConceptLabel.of(clip("reggae", lead: 73, layer: 114)) == .ambiguous)
        #expect(ConceptLabel.of(clip("rock", lead: 104, comp: 107)) == .ambiguous)
        #expect(ConceptLabel.ambiguous.className == nil && ConceptLabel.other.className == "other")
    }

    @Test func soloRendersAreLabelledByTheirProgram() {
        #expect(ConceptLabel.ofProgram(104, bank: 0) == .concept("sitar"))
        #expect(ConceptLabel.ofProgram(40, bank: 0) == .concept("fiddle"))
        // A soundfont's variation bank of the same program is still the instrument.
        #expect(ConceptLabel.ofProgram(107, bank: 8) == .concept("koto"))
        #expect(ConceptLabel.ofProgram(0, bank: 0) == .other)
        // Bank 128 is the drum kits: program 114 there is a kit, not steel drums.
        #expect(ConceptLabel.ofProgram(114, bank: 128) == .other && ConceptLabel.ofProgram(114, bank: 0) == .concept("steel_drums"))
    }

    @Test func labelsOfACorpusFolderFollowItsManifest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mix = #"{"reverbRoom":0.5,"reverbDamping":0.5,"reverbWidth":50,"reverbLevel":0.5,"chorusVoices":3,"chorusLevel":1,"chorusSpeed":0.3,"chorusDepth":8,"volumes":[100,90,80,90,100],"reverbSend":40,"chorusSend":0,"loudness":-18}"#
        var text = ""
        for (i, a) in [clip("rock", lead: 104), clip("rock", lead: 73), clip("reggae", lead: 73)].enumerated() {
            let attributes = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
            text += #"{"file":"clips/\#(i).flac","caption":"x","seed":1,"index":\#(i),"seconds":10,"kind":"evaluator","attributes":\#(attributes),"mix":\#(mix)}"# + "\n"
        }
        try Data(text.utf8).write(to: folder.appendingPathComponent("manifest.jsonl"))
        #expect(try ConceptLabel.labels(corpus: folder) == [.concept("sitar"), .other, .concept("reggae")])
    }
}
