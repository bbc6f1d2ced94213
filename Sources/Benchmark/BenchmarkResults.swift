import Engine
import Foundation
import Generation
import Method

/// What a benchmark run is run with; a results folder holds one set of settings.
public struct BenchmarkSettings: Codable, Sendable, Equatable {
    /// Steps, batch, mask epochs, learning rates and seed of every learn.
    public var learn = LearnOptions()
    /// Clips per prompt (K).
    public var clips = 2
    /// The generation of evaluation clips: seconds, sampling steps, guidance.
    public var generation = GenerationSettings()
    /// The engine's arithmetic for every learn and clip (the one in force, not "auto"): one
    /// results folder is not a mix of float32 and bfloat16 cells.
    public var precision = Precision.fp32
    public init() {}

    enum CodingKeys: String, CodingKey { case learn, clips, generation, precision }

    // Results written before the precision was recorded were all float32.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        learn = try c.decode(LearnOptions.self, forKey: .learn)
        clips = try c.decode(Int.self, forKey: .clips)
        generation = try c.decode(GenerationSettings.self, forKey: .generation)
        precision = try c.decodeIfPresent(Precision.self, forKey: .precision) ?? .fp32
    }
}

/// The scores of one cell.
public struct BenchmarkResult: Codable, Sendable, Equatable {
    public var cell: BenchmarkCell
    /// ×100 per concept.
    public var audioAlignment: [String: Double]
    public var textAlignment: Double
    public var deltaAudioAlignment: Double?
    public var prompts: Int
    public var clipsPerPrompt: Int
    public var seeds: [UInt64]
    /// Entries that trained (U-Net and tokens).
    public var trainable: Int
    /// Size of the concept's delta file's tensors.
    public var deltaBytes: Int
    public var finalLoss: Double?
    public var learnSeconds: Double
    public var evaluateSeconds: Double
    /// Per concept, how the concept classifier heard the cell's clips; nil when the cell ran
    /// without one (no classifier in the base folder, `--no-recognise`, or a results.json from
    /// before recognition was recorded, which still decodes).
    public var recognition: [String: ConceptEvaluation.RecognitionSummary]?
    /// A jointly learned cell's model asked for each of its concepts alone (prompts naming one):
    /// whether the joint learn holds every concept, apart from how they sound named together,
    /// where one may cover the other. nil for a single concept and for results from before.
    public var alone: [String: NamedAlone]?

    /// One concept of a jointly learned model, named alone.
    public struct NamedAlone: Codable, Sendable, Equatable {
        /// ×100, against the concept's own evaluation audio.
        public var audioAlignment: Double
        public var textAlignment: Double
        public var recognition: ConceptEvaluation.RecognitionSummary?

        public init(audioAlignment: Double, textAlignment: Double, recognition: ConceptEvaluation.RecognitionSummary?) {
            self.audioAlignment = audioAlignment
            self.textAlignment = textAlignment
            self.recognition = recognition
        }
    }

    public init(cell: BenchmarkCell, audioAlignment: [String: Double], textAlignment: Double, deltaAudioAlignment: Double?,
                prompts: Int, clipsPerPrompt: Int, seeds: [UInt64], trainable: Int, deltaBytes: Int, finalLoss: Double?,
                learnSeconds: Double, evaluateSeconds: Double, recognition: [String: ConceptEvaluation.RecognitionSummary]? = nil,
                alone: [String: NamedAlone]? = nil) {
        self.cell = cell
        self.audioAlignment = audioAlignment
        self.textAlignment = textAlignment
        self.deltaAudioAlignment = deltaAudioAlignment
        self.prompts = prompts
        self.clipsPerPrompt = clipsPerPrompt
        self.seeds = seeds
        self.trainable = trainable
        self.deltaBytes = deltaBytes
        self.finalLoss = finalLoss
        self.learnSeconds = learnSeconds
        self.evaluateSeconds = evaluateSeconds
        self.recognition = recognition
        self.alone = alone
    }

    public var meanAudioAlignment: Double {
        audioAlignment.values.reduce(0, +) / Double(max(audioAlignment.count, 1))
    }
}

/// The results folder's `results.json`: the settings, the prompts and every finished
/// cell, rewritten atomically after each one, so a stopped benchmark resumes.
public struct BenchmarkResults: Codable, Sendable, Equatable {
    public var settings: BenchmarkSettings
    public var prompts: [String]
    public var baseHash: String
    public var results: [String: BenchmarkResult] = [:]
    /// How the concept classifier hears each concept's own evaluation recording, one 10-s segment as
    /// one clip: the ceiling the cells' Recognised is read against. nil without a classifier.
    public var references: [String: ConceptEvaluation.RecognitionSummary]?

    public init(settings: BenchmarkSettings, prompts: [String], baseHash: String) {
        self.settings = settings
        self.prompts = prompts
        self.baseHash = baseHash
    }

    public enum Failure: Error, CustomStringConvertible {
        case otherSettings(String)
        case otherPrecision(String, Precision)
        public var description: String {
            switch self {
            case .otherSettings(let path):
                return "\(path) holds results made with other settings, prompts or base model; choose another --out or delete it"
            case .otherPrecision(let path, let p):
                return "\(path) holds results computed in \(p.rawValue); continue it with --precision \(p.rawValue), or choose another --out"
            }
        }
    }

    public static func url(in folder: URL) -> URL { folder.appendingPathComponent("results.json") }

    /// The results in `folder`, or fresh ones; refuses a folder made with other settings.
    public static func open(in folder: URL, settings: BenchmarkSettings, prompts: [String], baseHash: String) throws -> BenchmarkResults {
        let url = url(in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return BenchmarkResults(settings: settings, prompts: prompts, baseHash: baseHash)
        }
        let stored = try JSONDecoder().decode(BenchmarkResults.self, from: Data(contentsOf: url))
        var same = settings
        same.precision = stored.settings.precision
        guard stored.settings == same, stored.prompts == prompts, stored.baseHash == baseHash else {
            throw Failure.otherSettings(url.path)
        }
        guard stored.settings.precision == settings.precision else { throw Failure.otherPrecision(url.path, stored.settings.precision) }
        return stored
    }

    public func save(in folder: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(self), to: BenchmarkResults.url(in: folder))
    }
}
