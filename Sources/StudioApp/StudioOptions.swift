import Foundation
import Method

/// How the studio is set up: its look, its sounds, and how it learns (the folders are the workspace's).
public struct StudioOptions: Sendable {
    public var themesFolder: URL?
    /// Offered as ready-to-learn concepts when the library is empty.
    public var samplesFolder: URL?
    public var theme = "dark"
    /// The settings of every learn started from the studio.
    public var learn = LearnOptions()
    public var sampleEvery = LearnSession.defaultSampleEvery
    /// An ALSA configuration file to play through instead of the system's (a file sink, for tests).
    public var audioConfiguration: String?
    /// The executable, to finish a learn in the background after quitting.
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }

    /// A line for the training panel.
    var learnSummary: String {
        "learn settings: \(learn.method.rawValue), \(learn.steps) steps × batch \(learn.batch), \(learn.maskEpochs) mask epochs, P = \(learn.pivotalPercent) % (genres \(learn.genrePivotalPercent) %), seed \(learn.seed)"
    }
}
