import Audio
import Engine
import EngineTestSupport
import Foundation
import Generation
import Model
import ModelTestSupport
import Testing
import TextTestSupport

/// Generation takes the base model's learned vocoder by default and Griffin-Lim on
/// request or when there is none; asking for a learned one that is absent is an error.
@Suite struct VocoderChoiceTests {
    static var tinyVocoder: VocoderConfiguration {
        var c = VocoderConfiguration()
        c.channels = 16; c.blocks = 1; c.expansion = 2
        return c
    }

    @Test func withoutALearnedVocoderGenerationUsesGriffinLim() throws {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base-no-vocoder")))
        #expect(base.vocoder == nil)
        #expect(Generator(base: base, text: try TinyBert.encoder()).vocoder.name == "griffin-lim")
        #expect(VocoderChoice.fallbackNote(base)?.contains("using Griffin-Lim") == true)
        #expect(throws: VocoderChoice.Failure.self) { try VocoderChoice.learned.resolve(base.vocoder, folder: base.folder) }
    }

    @Test func aBaseFolderWithAVocoderMakesItTheDefault() throws {
        let folder = try TinyBase.write(to: Fixtures.temporaryFolder("base-vocoder"))
        try MelVocoder(Self.tinyVocoder, seed: 3).save(folder: folder)
        let base = try BaseModel(folder: folder)
        #expect(base.vocoder?.config == Self.tinyVocoder)
        let generator = Generator(base: base, text: try TinyBert.encoder())
        #expect(generator.vocoder.name == "learned" && VocoderChoice.fallbackNote(base) == nil)
        #expect(try VocoderChoice.griffinLim.resolve(base.vocoder, folder: folder).learned == nil)
        var s = GenerationSettings()
        s.seconds = 1; s.steps = 2; s.seed = 1
        let clip = try generator.generate("a calm song", s)
        #expect(clip.samples.count == 16_000 && clip.samples.allSatisfy { $0.isFinite })
    }
}
