import ArgumentParser
import Foundation
import Generation
import Text
import Training
import Workspace

/// `--model` and `--text-encoder`: what every command that runs the model works with. The data
/// folder is `$DREAMSTYLER_HOME` (default `~/.local/share/dreamstyler`).
struct WorkspaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Base model folder (default: $DREAMSTYLER_MODEL, else Models/base).", valueName: "dir"))
    var model: String?

    @Option(help: ArgumentHelp("Text encoder folder (default: the all-MiniLM-L6-v2 that `dreamstyler setup` installs).", valueName: "dir"))
    var textEncoder: String?

    func workspace() throws -> Workspace { try openWorkspace(model: model, textEncoder: textEncoder) }

    /// For work outside the workspace's actions (the benchmark's own learns).
    func baseFolder() throws -> URL { try BaseModel.locate(model) }
    var textFolder: URL { Self.textFolder(textEncoder) }

    static func textFolder(_ option: String?) -> URL { option.map { URL(fileURLWithPath: $0) } ?? TextEncoderFolder.defaultFolder }
}

/// The workspace over the data folder. The base model is located when an action needs it,
/// so library commands work without one.
func openWorkspace(model: String? = nil, textEncoder: String? = nil) throws -> Workspace {
    try Workspace(dataFolder: DataFolder.url, baseFolder: { try BaseModel.locate(model) }, textFolder: WorkspaceOptions.textFolder(textEncoder))
}
