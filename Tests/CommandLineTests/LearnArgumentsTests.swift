import Foundation
import GRDB
import Method
import Testing

/// `LearnOptions.arguments` is how the studio continues a learn in a process of its own: a learn
/// given those flags must record exactly those settings, or its `--resume` would be refused.
@Suite(.serialized) struct LearnArgumentsTests {
    @Test func everyLearnSettingComesBackFromItsFlags() throws {
        let cli = try Dreamstyler()
        try #require(FileManager.default.isExecutableFile(atPath: Dreamstyler.binary), "build first: swift build -c release")
        var o = LearnOptions()
        o.tokens = 2; o.pivotalPercent = 2.5; o.genrePivotalPercent = 40; o.selection = .random; o.maskScope = .selfAttention; o.maskEpochs = 3
        o.steps = 4; o.batch = 2; o.learningRateUNet = 2e-4; o.learningRateTokens = 3e-3; o.seed = 11
        o.augmentEffects = true; o.prompts = .short; o.priorShare = 0.5; o.priorClips = 2
        let learned = try cli.run(["learn", "koto", "Samples/koto-train.flac", "--kind", "instrument", "--sample-every", "0"] + o.arguments)
        try #require(learned.status == 0, "the learn failed: \(learned.stderr)")
        let db = try DatabaseQueue(path: cli.home.appendingPathComponent("library.sqlite").path)
        let config = try db.read { try String.fetchOne($0, sql: "SELECT config FROM run") }
        let recorded = try JSONDecoder().decode(LearnOptions.self, from: Data(try #require(config).utf8))
        #expect(recorded == o, "recorded \(recorded), asked \(o)")
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("concepts/koto-dreamstyler/prior.safetensors").path))
    }
}
