/// A key as the studio understands it (the terminal layer translates ncurses codes).
public enum Key: Equatable, Sendable {
    case char(Character)
    case ctrl(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

/// Everything that changes the studio: keys, the terminal, and the background jobs.
public enum StudioEvent: Equatable, Sendable {
    case key(Key)
    case library([ConceptRow])
    /// The clips the library holds, newest first (at start).
    case clips([ClipView])
    /// The settings every learn from the studio uses, as the training panel shows them.
    case learnSummary(String)
    /// The generation settings the Prompt panel starts from: the workspace's defaults, so the
    /// studio and `dreamstyler generate` make the same clip from the same prompt.
    case generationDefaults(GenerationChoice)
    case themes([String], current: String)
    case learnStarted(concepts: [String], summary: String)
    case learnPhase(String, totalSteps: Int)
    case learnLog(step: Int, loss: Double, seconds: Double)
    case learnMask(MaskView)
    /// The learn needs no mask: a concept's P is 100 %, so every entry trains.
    case learnNoMask
    case learnSample(path: String, step: Int)
    case learnFinished(String)
    case learnStopped(step: Int)
    case learnFailed(String)
    case generationProgress(step: Int, total: Int)
    case clipReady(ClipView)
    case clipDeleted(String)
    case generationFailed(String)
    case playback(PlaybackView?)
    case alignment(AlignmentView)
    case pathCompleted(String)
    case message(String, Role)
}

/// What the reducer asks the runtime to do.
public enum StudioEffect: Equatable, Sendable {
    case learn(name: String, kind: String, files: [String])
    case resumeLearn([String])
    case stopLearn
    case generate(prompt: String, settings: GenerationChoice)
    case play(path: String, label: String)
    case stopPlayback
    case deleteClip(String)
    case star(String, Bool)
    case rename(String, to: String)
    case remove(String)
    case export(String, to: String)
    /// A quick evaluation, at the settings row's strength and keep-prompt.
    case evaluate([String], settings: GenerationChoice)
    case completePath(String)
    case setTheme(String)
    case quit(finishLearnInBackground: Bool)
}
