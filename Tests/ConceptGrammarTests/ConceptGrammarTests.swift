import ConceptGrammar
import Testing

/// The one concept grammar: valid names, references in prompts, identifier token names.
@Suite struct ConceptGrammarTests {
    @Test func aNameIsOneToSixtyFourAsciiLettersDigitsUnderscoresOrHyphens() {
        for good in ["koto", "dub-2", "steel_drums", "K", "7", "-", "_", String(repeating: "n", count: 64)] {
            #expect(ConceptName.isValid(good), "\(good.debugDescription) was refused")
        }
        let bad = ["", String(repeating: "n", count: 65), "my koto", " koto", "koto ", "koto\n", "kötö", "koto\u{301}", "кото", "琴",
                   "koto🎵", "ｋｏｔｏ", "<koto>", "a/b", "..", "../etc", "~", "koto.wav", "koto+reggae", "'; DROP TABLE concept;--", "a\u{0}b"]
        for name in bad { #expect(!ConceptName.isValid(name), "\(name.debugDescription) was accepted") }
    }

    @Test func onlyAValidNameBetweenAngleBracketsIsAReference() {
        #expect(PromptReferences.parse("a slow melody with <koto>.") == [.text("a slow melody with "), .concept("koto"), .text(".")])
        #expect(PromptReferences.parse("<a><b>") == [.concept("a"), .concept("b")])
        #expect(PromptReferences.parse("<a><b-2>x<c <d e> <>") == [.concept("a"), .concept("b-2"), .text("x<c <d e> <>")])
        #expect(PromptReferences.parse("") == [])
        // An identifier token's display name is a valid name too: written in a prompt, it names a concept "koto_1".
        #expect(PromptReferences.parse("with <koto_1>.") == [.text("with "), .concept("koto_1"), .text(".")])
        #expect(PromptReferences.parse("no references") == [.text("no references")])
        #expect(PromptReferences.parse("<\(String(repeating: "n", count: 64))>") == [.concept(String(repeating: "n", count: 64))])
        #expect(PromptReferences.parse("<\(String(repeating: "n", count: 65))>").count == 1)  // too long for a name: text
    }

    @Test func aDescriptionIsThePromptWithoutItsReferences() {
        #expect(PromptReferences.description(of: "calm song with <koto>, slow") == "calm song with, slow")
        #expect(PromptReferences.description(of: "<koto> and <reggae>.") == "and.")
        #expect(PromptReferences.description(of: "  no   references here ") == "no references here")
        #expect(PromptReferences.description(of: "a < b, <koto>") == "a < b,")
        #expect(PromptReferences.description(of: "<koto>") == "")
    }

    @Test func nestedAndStrayBracketsLeaveTheInnermostNameAsTheReference() {
        #expect(PromptReferences.parse("<<koto>>") == [.text("<"), .concept("koto"), .text(">")])
        #expect(PromptReferences.names(in: "a < b and <koto>") == ["koto"])  // the looser rule read " b and <koto"
        #expect(PromptReferences.names(in: "<3 <koto> > 2") == ["koto"])
        #expect(PromptReferences.names(in: "<x> and <y> and <x>") == ["x", "y", "x"])
        #expect(PromptReferences.names(in: "<koto") == [] && PromptReferences.names(in: "koto>") == [])
    }

    @Test func unicodeAroundAndInsideReferences() {
        #expect(PromptReferences.parse("🎵<koto>🎵") == [.text("🎵"), .concept("koto"), .text("🎵")])
        #expect(PromptReferences.names(in: "<kötö> <кото> <琴> ＜koto＞") == [])
        // A combining mark joins the letter before it (or the bracket) into one character that is not ASCII.
        #expect(PromptReferences.names(in: "<koto\u{301}>") == [])
        #expect(PromptReferences.names(in: "<koto>\u{301}") == [])
        // Offsets count characters, as an editor's cursor does.
        let found = PromptReferences.find(in: Array("é <koto>"))
        #expect(found.map(\.name) == ["koto"] && found.map(\.range) == [2..<8])
    }

    @Test func sqlAndPathsAreTextNotNames() {
        #expect(PromptReferences.parse("<'; DROP TABLE concept;-->") == [.text("<'; DROP TABLE concept;-->")])
        #expect(PromptReferences.parse("<koto>'; DROP TABLE concept;--") == [.concept("koto"), .text("'; DROP TABLE concept;--")])
        #expect(PromptReferences.names(in: "<../etc/passwd> <a/b> <~/x> <C:\\koto>") == [])
        #expect(PromptReferences.names(in: "<koto>.wav") == ["koto"])
    }

    @Test func malformedReferencesAreThoseWithoutSpacesThatBreakTheRule() {
        #expect(PromptReferences.malformed(in: "with <kötö> and <koto!> and <>") == ["<kötö>", "<koto!>", "<>"])
        #expect(PromptReferences.malformed(in: "a < b > c, <3, <my koto>, <koto>, <<koto>>") == [])
        #expect(PromptReferences.malformed(in: "<../etc/passwd>") == ["<../etc/passwd>"])
    }

    @Test func theReferenceBeingTypedEndsAtTheCursor() {
        let t = Array("with <ko")
        #expect(PromptReferences.open(in: t, cursor: t.count)! == (5, "ko"))
        #expect(PromptReferences.open(in: t, cursor: 6)! == (5, ""))
        #expect(PromptReferences.open(in: t, cursor: 5) == nil)
        #expect(PromptReferences.open(in: t, cursor: 99)! == (5, "ko"))
        #expect(PromptReferences.open(in: Array("<ko to"), cursor: 6) == nil)
        #expect(PromptReferences.open(in: Array("<koto>"), cursor: 6) == nil)
        #expect(PromptReferences.open(in: Array("<kö"), cursor: 3) == nil)
        #expect(PromptReferences.open(in: [], cursor: 0) == nil)
    }

    @Test func aRefusedNameIsShownOnOneShortLine() {
        #expect(ConceptName.refusal("a/b") == "invalid concept name 'a/b': use 1–64 ASCII letters, digits, '_' or '-'")
        #expect(ConceptName.shown("ko\nto") == "ko\\u{a}to")
        #expect(ConceptName.shown(String(repeating: "x", count: 4096)) == String(repeating: "x", count: 80) + "…")
    }

    @Test func identifierTokensAreNumberedFromOne() {
        #expect(ConceptName.reference("koto") == "<koto>")
        #expect((1...3).map { ConceptName.identifierToken("koto", $0) } == ["<koto_1>", "<koto_2>", "<koto_3>"])
    }
}
