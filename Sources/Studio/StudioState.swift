import Foundation

/// The six panels, in Tab order.
public enum PanelID: Int, CaseIterable, Sendable {
    case library, training, mask, prompt, audition, alignment
    public var title: String {
        switch self {
        case .library: return "Concepts"
        case .training: return "Training"
        case .mask: return "Mask variation"
        case .prompt: return "Prompt"
        case .audition: return "Audition"
        case .alignment: return "Alignment"
        }
    }
    /// The panel after this one in Tab order (and before, for Shift-Tab), wrapping around.
    var next: PanelID { PanelID(rawValue: (rawValue + 1) % PanelID.allCases.count)! }
    var previous: PanelID { PanelID(rawValue: (rawValue + PanelID.allCases.count - 1) % PanelID.allCases.count)! }
}

/// A concept as the library panel lists it.
public struct ConceptRow: Equatable, Sendable {
    public var name: String
    public var kind: String
    public var tokens: Int
    public var referenceSeconds: Double
    public var references: [String]
    public var method: String?
    /// new, learning, learned, stopped, failed.
    public var status: String
    /// ×100: "AA", "TA".
    public var scores: [String: Double]
    /// The scores are a quick look's (drawn with a "~").
    public var quickScores: Bool
    public init(name: String, kind: String, tokens: Int, referenceSeconds: Double, references: [String], method: String?, status: String,
                scores: [String: Double] = [:], quickScores: Bool = false) {
        self.name = name; self.kind = kind; self.tokens = tokens; self.referenceSeconds = referenceSeconds
        self.references = references; self.method = method; self.status = status; self.scores = scores; self.quickScores = quickScores
    }
}

/// The running (or last) learn.
public struct TrainingView: Equatable, Sendable {
    public var concepts: [String] = []
    public var phase = ""
    public var totalSteps = 0
    public var step = 0
    /// (step, loss) of the current phase.
    public var losses: [LossPoint] = []
    public var seconds = 0.0
    public var running = false
    public var stopping = false
    public var samples: [Sample] = []
    public var learningRates: (unet: Double, tokens: Double) = (1e-5, 1e-4)
    public var outcome: String?

    public struct LossPoint: Equatable, Sendable { public var step: Int; public var loss: Double }
    public struct Sample: Equatable, Sendable { public var step: Int; public var path: String }

    public var stepsPerSecond: Double? {
        guard let first = losses.first, let last = losses.last, seconds > 0, last.step > first.step else { return nil }
        return Double(last.step) / seconds
    }

    public var eta: Double? {
        guard let r = stepsPerSecond, r > 0, totalSteps > step else { return nil }
        return Double(totalSteps - step) / r
    }

    public static func == (a: TrainingView, b: TrainingView) -> Bool {
        a.concepts == b.concepts && a.phase == b.phase && a.totalSteps == b.totalSteps && a.step == b.step && a.losses == b.losses
            && a.running == b.running && a.samples == b.samples && a.outcome == b.outcome && a.stopping == b.stopping
    }
}

/// Δ_M of the last mask training.
public struct MaskView: Equatable, Sendable {
    public var histogram: [Int]
    public var maximum: Double
    public var threshold: Double
    public var percent: Double
    /// (layer, pivotal entries), in model order.
    public var perLayer: [(String, Int)]
    public init(histogram: [Int], maximum: Double, threshold: Double, percent: Double, perLayer: [(String, Int)]) {
        self.histogram = histogram; self.maximum = maximum; self.threshold = threshold; self.percent = percent; self.perLayer = perLayer
    }
    public static func == (a: MaskView, b: MaskView) -> Bool {
        a.histogram == b.histogram && a.threshold == b.threshold && a.perLayer.map(\.0) == b.perLayer.map(\.0) && a.perLayer.map(\.1) == b.perLayer.map(\.1)
    }
}

/// Settings of a generation. The app replaces these defaults with the workspace's
/// (`.generationDefaults`) when it starts.
public struct GenerationChoice: Equatable, Sendable {
    public var seconds = 10.0
    public var steps = 50
    public var cfg = 7.0
    public var seed: UInt64 = 1
    public var sampler = "ddim"
    public var clips = 1
    /// How much of the concepts' learned change the denoiser carries (`--strength`).
    public var strength = 1.0
    /// The base model's pull toward the prompt's words (`--keep-prompt`; 0: off).
    public var keep = 0
    public init() {}

    public static let samplers = ["ddim", "dpm-solver++", "ddpm"]
    public static let names = ["seconds", "steps", "cfg", "seed", "sampler", "clips", "strength", "keep"]

    public func value(_ i: Int) -> String {
        switch i {
        case 0: return String(format: "%.0f", seconds)
        case 1: return String(steps)
        case 2: return String(format: "%.1f", cfg)
        case 3: return String(seed)
        case 4: return sampler
        case 5: return String(clips)
        case 6: return String(format: "%.1f", strength)
        default: return String(keep)
        }
    }

    /// Changes setting `i` by one notch up (+1) or down (−1), within sensible bounds.
    public mutating func adjust(_ i: Int, by d: Int) {
        switch i {
        case 0: seconds = min(30, max(2, seconds + Double(d)))
        case 1: steps = min(200, max(5, steps + 5 * d))
        case 2: cfg = min(15, max(1, cfg + 0.5 * Double(d)))
        case 3: seed = d < 0 && seed <= 1 ? 1 : UInt64(Int(seed) + d)
        case 4:
            let k = GenerationChoice.samplers.firstIndex(of: sampler) ?? 0
            sampler = GenerationChoice.samplers[(k + d + GenerationChoice.samplers.count) % GenerationChoice.samplers.count]
        case 5: clips = min(8, max(1, clips + d))
        // Tenths from 0 to 2, kept on the grid so that repeated steps do not drift.
        case 6: strength = min(2, max(0, ((strength * 10).rounded() + Double(d)) / 10))
        default: keep = min(10, max(0, keep + d))
        }
    }
}

/// The prompt line with its history and identifier completion.
public struct PromptEditor: Equatable, Sendable {
    public var text: [Character] = []
    public var cursor = 0
    public var history: [String] = []
    /// Index into history while browsing it (nil: editing a new line).
    public var browsing: Int?
    /// Candidates after an unclosed `<` (empty: no completion open).
    public var candidates: [String] = []
    public var chosen = 0
    /// Focus on the settings instead of the line (Esc toggles).
    public var onSettings = false
    public var setting = 0
    public var settings = GenerationChoice()
    public var generating: (step: Int, total: Int)?

    public var line: String { String(text) }

    public static func == (a: PromptEditor, b: PromptEditor) -> Bool {
        a.text == b.text && a.cursor == b.cursor && a.history == b.history && a.browsing == b.browsing && a.candidates == b.candidates
            && a.chosen == b.chosen && a.onSettings == b.onSettings && a.setting == b.setting && a.settings == b.settings
            && a.generating?.step == b.generating?.step && a.generating?.total == b.generating?.total
    }
}

/// A generated clip in the audition list.
public struct ClipView: Equatable, Sendable {
    public var path: String
    public var prompt: String
    public var seed: UInt64
    public var concepts: [String]
    public var seconds: Double
    public var starred = false
    /// ×100 per concept.
    public var audioAlignment: [String: Double] = [:]
    public var textAlignment: Double?
    /// A small log-mel picture, rows low→high frequency, each 0…1.
    public var spectrogram: [[Float]] = []
    public init(path: String, prompt: String, seed: UInt64, concepts: [String], seconds: Double) {
        self.path = path; self.prompt = prompt; self.seed = seed; self.concepts = concepts; self.seconds = seconds
    }
}

/// What is playing.
public struct PlaybackView: Equatable, Sendable {
    /// A clip's path, or a concept's reference file.
    public var path: String
    public var label: String
    public var position: Double
    public var duration: Double
    /// 0…1 RMS level of the last block.
    public var level: Double
    public init(path: String, label: String, position: Double, duration: Double, level: Double) {
        self.path = path; self.label = label; self.position = position; self.duration = duration; self.level = level
    }
}

/// Scores of a set of concepts named together (or one concept's method comparison).
public struct AlignmentView: Equatable, Sendable {
    public var concepts: [String]
    /// ×100 per concept.
    public var audioAlignment: [String: Double]
    public var textAlignment: Double
    public var deltaAudioAlignment: Double?
    public var samples: String
    /// Per concept, how the concept classifier heard the clips (empty when they were not classified).
    public var recognition: [String: Recognition] = [:]
    /// Why the clips were not classified, when recognition was wanted.
    public var unclassified: String?
    /// Benchmark rows (method, TA, AA, share recognised if classified) for a single concept, when a benchmark has been run.
    public var methods: [(String, Double, Double, Double?)] = []

    /// The two recognition scores the library stores for a concept (`recognised.NAME`, `p_concept.NAME`).
    public struct Recognition: Equatable, Sendable {
        /// Share of clips whose top class is the concept (0–1).
        public var share: Double
        public var meanProbability: Double
        public init(share: Double, meanProbability: Double) { self.share = share; self.meanProbability = meanProbability }
    }

    public init(concepts: [String], audioAlignment: [String: Double], textAlignment: Double, deltaAudioAlignment: Double?, samples: String) {
        self.concepts = concepts; self.audioAlignment = audioAlignment; self.textAlignment = textAlignment
        self.deltaAudioAlignment = deltaAudioAlignment; self.samples = samples
    }
    public static func == (a: AlignmentView, b: AlignmentView) -> Bool {
        a.concepts == b.concepts && a.audioAlignment == b.audioAlignment && a.textAlignment == b.textAlignment
            && a.deltaAudioAlignment == b.deltaAudioAlignment && a.recognition == b.recognition && a.unclassified == b.unclassified
            && a.methods.map(\.0) == b.methods.map(\.0)
    }
}

/// A dialog over the panels.
public enum Modal: Equatable, Sendable {
    case help
    /// A yes/no question; yes performs `effect`.
    case confirm(String, StudioEffect)
    /// A line of input for `purpose`.
    case input(InputPurpose, text: String)
    /// Quitting while a learn runs.
    case quitWhileLearning
}

public enum InputPurpose: Equatable, Sendable {
    /// "NAME KIND FILE[,FILE…]"
    case addConcept
    case rename(String)
    case export(String)

    public var label: String {
        switch self {
        case .addConcept: return "add concept — NAME instrument|genre FILE[,FILE…] (Tab completes the path)"
        case .rename(let n): return "rename <\(n)> to"
        case .export(let n): return "export <\(n)> to file"
        }
    }
}

/// Everything the studio shows.
public struct StudioState: Equatable, Sendable {
    public var focus = PanelID.library
    public var concepts: [ConceptRow] = []
    public var selectedConcept = 0
    public var training = TrainingView()
    public var mask: MaskView?
    /// The running learn trains every entry (a concept at P = 100 %), so it learns no mask.
    public var maskNotNeeded = false
    public var prompt = PromptEditor()
    public var clips: [ClipView] = []
    public var selectedClip = 0
    public var playback: PlaybackView?
    public var alignment: AlignmentView?
    public var modal: Modal?
    public var status = "Welcome to DreamStyler Studio — ? shows the keys"
    public var statusRole = Role.dim
    public var glyphs = Glyphs.braille
    public var logScale = false
    public var themeNames: [String] = []
    public var theme = ""
    /// The learn settings the studio uses (shown in the training panel).
    public var learnSummary = ""
    public var quitting = false
    public var asciiFrames = false

    public init() {}

    public var selectedConceptRow: ConceptRow? { concepts.indices.contains(selectedConcept) ? concepts[selectedConcept] : nil }
    public var selectedClipView: ClipView? { clips.indices.contains(selectedClip) ? clips[selectedClip] : nil }
    /// Names a prompt may use: learned concepts.
    public var learnedNames: [String] { concepts.filter { $0.status == "learned" }.map(\.name) }
}
