import Foundation
import Method

/// How the studio is set up: where the base model, text encoder and data live, and how it learns.
public struct StudioOptions: Sendable {
    public var baseFolder: URL
    public var textFolder: URL
    public var dataFolder: URL
    public var themesFolder: URL?
    /// Offered as ready-to-learn concepts when the library is empty.
    public var samplesFolder: URL?
    public var theme = "dark"
    /// The settings of every learn started from the studio.
    public var learn = LearnOptions()
    public var sampleEvery = 250
    /// An ALSA configuration file to play through instead of the system's (a file sink, for tests).
    public var audioConfiguration: String?
    /// The executable, to finish a learn in the background after quitting.
    public var executable: String

    public init(baseFolder: URL, textFolder: URL, dataFolder: URL, executable: String) {
        self.baseFolder = baseFolder
        self.textFolder = textFolder
        self.dataFolder = dataFolder
        self.executable = executable
    }

    var library: URL { dataFolder.appendingPathComponent("library.sqlite") }
    var clips: URL { dataFolder.appendingPathComponent("clips") }

    /// A line for the training panel.
    var learnSummary: String {
        "learn settings: \(learn.method.rawValue), \(learn.steps) steps × batch \(learn.batch), \(learn.maskEpochs) mask epochs, P = \(learn.pivotalPercent) %, seed \(learn.seed)"
    }
}
