import Engine
import EngineTestSupport
import Foundation
import Model
import Testing

/// Codec v2's configurable capacity: sizes survive config.json, the latent interface does not move.
@Suite struct CodecSizesTests {
    @Test func sizesRoundTripThroughConfigJSON() throws {
        var c = ModelConfiguration()
        c.codec.channels = try CodecSizes.parseChannels("192, 256")
        c.codec.resBlocksPerStage = 2
        c.codec.latentScale = 1.75
        let url = Fixtures.temporaryFolder("cfg").appendingPathComponent("config.json")
        try c.encoded().write(to: url)
        let back = try ModelConfiguration.load(url)
        #expect(back == c && back.codec.channels == [192, 256] && back.codec.resBlocksPerStage == 2)
    }

    @Test func v1AndV2ConfigsLoad() throws {
        // v1's config.json as it shipped (Tests/Fixtures/base) keeps its meaning and passes the checks; so does the v2 now shipped.
        let v1 = try ModelConfiguration.load(Fixtures.reference.appendingPathComponent("base/v1-config.json"))
        #expect(v1.codec.channels == [128, 128] && v1.codec.resBlocksPerStage == 1 && v1.latentDownsampling == 4)
        try CodecSizes.check(v1)
        let v2 = try ModelConfiguration.load(Fixtures.repositoryRoot.appendingPathComponent("Models/base/config.json"))
        #expect(v2.codec.channels == [192, 256] && v2.codec.resBlocksPerStage == 1 && v2.codec.latentChannels == v1.codec.latentChannels)
        #expect(v2.denoiser == v1.denoiser && v2.spectrogram == v1.spectrogram)
        try CodecSizes.check(v2)
    }

    @Test func widerCodecKeepsTheLatentInterface() throws {
        var c = ModelConfiguration()
        c.codec.channels = [64, 96]
        c.codec.resBlocksPerStage = 2
        try CodecSizes.check(c)
        let codec = LatentCodec(c, seed: 1)
        var rng = SeededGenerator(seed: 2)
        let z = noGrad { codec.encoder(Tensor.randn([1, 32, 80], using: &rng)) }
        #expect(z.shape == [1, 8, 32])
        #expect(noGrad { codec.decoder(z) }.shape == [1, 32, 80])
        #expect(LatentCodec(c, seed: 1).parameterCount > LatentCodec(ModelConfiguration(), seed: 1).parameterCount / 4)
    }

    @Test func rejectsWhatWouldChangeTheLatent() {
        var c = ModelConfiguration()
        c.codec.channels = [128, 128, 128]
        #expect(throws: CodecSizes.Failure.stages(3)) { try CodecSizes.check(c) }
        c.codec.channels = [100, 128]
        #expect(throws: CodecSizes.Failure.width(100, groups: 32)) { try CodecSizes.check(c) }
        c.codec.channels = [128, 128]; c.codec.resBlocksPerStage = 0
        #expect(throws: CodecSizes.Failure.depth(0)) { try CodecSizes.check(c) }
        #expect(throws: CodecSizes.Failure.self) { try CodecSizes.parseChannels("128,x") }
        c.codec.resBlocksPerStage = 1; c.codec.latentChannels = 4
        #expect(throws: CodecSizes.Failure.latent(4)) { try CodecSizes.check(c) }
        c.codec.latentChannels = 64
        #expect(throws: Never.self) { try CodecSizes.check(c) }
    }
}
