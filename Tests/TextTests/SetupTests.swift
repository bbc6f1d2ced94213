import Engine
import EngineTestSupport
import Foundation
import Testing
import Text
import TextTestSupport

@Suite struct SetupTests {
    @Test func aCompleteFolderIsLeftAloneWithoutFetching() throws {
        let data = Fixtures.temporaryFolder("data")
        let setup = TextEncoderSetup(dataFolder: data)
        try TinyBert.write(to: setup.destination)
        var log: [String] = []
        #expect(try setup.run { log.append($0) } == .alreadyInstalled)
        #expect(log.isEmpty)
        #expect(TextEncoderFolder.missingFiles(in: setup.destination).isEmpty)
    }

    @Test func verificationCatchesAFileThatIsNotThePublishedOne() throws {
        let folder = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"))
        do throws(TextEncoderError) {
            try TextEncoderSetup.verify(folder)
            Issue.record("a foreign model passed verification")
        } catch {
            #expect(error.description.contains("config.json has SHA-256"))
            #expect(error.description.contains("nothing was installed"))
        }
    }

    @Test(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
    func theInstalledModelIsThePublishedOne() throws {
        _ = try MiniLM.encoder()
        try TextEncoderSetup.verify(Fixtures.miniLMFolder)
    }

    @Test func aFailingToolIsReportedInOneLine() throws {
        var setup = TextEncoderSetup(dataFolder: Fixtures.temporaryFolder("data"))
        setup.python = "false"
        do throws(TextEncoderError) {
            _ = try setup.run()
            Issue.record("setup succeeded without pip")
        } catch {
            #expect(error.description == "setup failed: false exited with status 1")
        }
        #expect(TextEncoderFolder.missingFiles(in: setup.destination).count == 3)
        // Nothing is left behind in the data folder but the (empty) text-encoder folder.
        let left = try FileManager.default.contentsOfDirectory(atPath: setup.destination.deletingLastPathComponent().path)
        #expect(left.isEmpty)
    }
}
