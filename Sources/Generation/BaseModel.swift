import Engine
import Foundation
import Model

/// The shipped base model: latent codec, denoiser (EMA weights) and evaluator,
/// with the configuration they were trained with and a manifest of how.
public final class BaseModel {
    /// What `pretrain ship` records about the checkpoint.
    public struct Manifest: Codable, Sendable {
        public var createdAt: String
        public var corpus: [String: String]
        public var steps: [String: Int]
        public var finalLosses: [String: Double]
        public var metrics: [String: Double]
        /// sha256 of each weight file, by file name.
        public var sha256: [String: String]
        /// The command that reproduces the checkpoint.
        public var reproduce: String
        /// The release ("v2"); absent in v1's manifest.
        public var version: String?

        public init(createdAt: String, corpus: [String: String], steps: [String: Int], finalLosses: [String: Double],
                    metrics: [String: Double], sha256: [String: String], reproduce: String) {
            self.createdAt = createdAt
            self.corpus = corpus
            self.steps = steps
            self.finalLosses = finalLosses
            self.metrics = metrics
            self.sha256 = sha256
            self.reproduce = reproduce
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notFound([String])
        case checksum(String)

        public var description: String {
            switch self {
            case .notFound(let places):
                return "no base model found (looked in \(places.joined(separator: ", "))); pass --model DIR or run Scripts/pretrain"
            case .checksum(let f): return "\(f): the file does not match the sha256 in manifest.json (damaged or replaced)"
            }
        }
    }

    public let folder: URL
    public let config: ModelConfiguration
    public let manifest: Manifest?
    public let codec: LatentCodec
    public let denoiser: UNet1D
    public let evaluator: Evaluator?
    /// The learned vocoder (vocoder.json + vocoder.safetensors), when the folder holds one.
    public let vocoder: MelVocoder?

    /// Loads a base-model folder (config.json, codec / denoiser / evaluator safetensors, manifest.json).
    /// With a manifest, every weight file is checked against its sha256 first.
    public init(folder: URL) throws {
        self.folder = folder
        config = try ModelConfiguration.load(folder.appendingPathComponent("config.json"))
        let manifestURL = folder.appendingPathComponent("manifest.json")
        manifest = (try? Data(contentsOf: manifestURL)).flatMap { try? JSONDecoder().decode(Manifest.self, from: $0) }
        if let m = manifest {
            for (file, hash) in m.sha256 {
                let data = try Data(contentsOf: folder.appendingPathComponent(file), options: .alwaysMapped)
                guard SHA256.hex(data) == hash else { throw Failure.checksum(folder.appendingPathComponent(file).path) }
            }
        }
        codec = LatentCodec(config)
        try codec.load(from: folder.appendingPathComponent("codec.safetensors"))
        denoiser = UNet1D(config)
        try denoiser.load(from: folder.appendingPathComponent("denoiser.safetensors"))
        let evURL = folder.appendingPathComponent("evaluator.safetensors")
        if FileManager.default.fileExists(atPath: evURL.path) {
            let ev = Evaluator(config)
            try ev.load(from: evURL)
            evaluator = ev
        } else {
            evaluator = nil
        }
        vocoder = MelVocoder.isPresent(in: folder) ? try MelVocoder.load(folder: folder) : nil
        codec.freezeAll()
        denoiser.freezeAll()
        evaluator?.freezeAll()
    }

    /// A second copy of the denoiser as shipped, checked against the hash deltas are tied to: the
    /// untouched model beside one that carries concepts (`GenerationSettings.keepPrompt`).
    public func pristineDenoiser() throws -> UNet1D {
        let url = folder.appendingPathComponent("denoiser.safetensors")
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        guard SHA256.hex(data) == (try denoiserHash()) else { throw Failure.checksum(url.path) }
        let unet = UNet1D(config)
        try unet.load(from: url)
        unet.freezeAll()
        return unet
    }

    /// The identity concept deltas are tied to: the denoiser's sha256 (from the manifest, else computed).
    public static func denoiserHash(folder: URL) throws -> String {
        let manifest = (try? Data(contentsOf: folder.appendingPathComponent("manifest.json"))).flatMap { try? JSONDecoder().decode(Manifest.self, from: $0) }
        return try manifest?.sha256["denoiser.safetensors"] ?? SHA256.hex(fileAt: folder.appendingPathComponent("denoiser.safetensors"))
    }

    public func denoiserHash() throws -> String { try BaseModel.denoiserHash(folder: folder) }

    /// Base models this project has shipped, by denoiser sha256, so that a concept
    /// delta made for an older one can say which base it needs.
    static let shipped: [String: String] = [
        "449a78019f5e6856c5d21ab1372f02dfc86637bad2f2cfef4682d07031c49f50": "base v1 (2026-11-24, procedural corpus, Griffin-Lim)",
        "fc7ebb4e4b3e792fdf1270ab91561543bda333e256efe1e95fcd5160ffbe6a4b": "base v2 (2026-11-30, procedural, GM and real music)",
    ]

    /// How a person names the base with this denoiser hash: its release, or the hash's start.
    public static func name(denoiserHash hash: String, manifest: Manifest? = nil) -> String {
        if let m = manifest, m.sha256["denoiser.safetensors"] == hash, let v = m.version { return "base \(v)" }
        return shipped[hash] ?? "base \(hash.prefix(12))…"
    }

    /// Where to look for the base model, in order: `explicit`, `$DREAMSTYLER_MODEL`,
    /// `./Models/base`, and `Models/base` beside the executable's checkout.
    public static func locate(_ explicit: String? = nil) throws -> URL {
        var places: [URL] = []
        if let e = explicit { places.append(URL(fileURLWithPath: e)) }
        if let env = ProcessInfo.processInfo.environment["DREAMSTYLER_MODEL"], !env.isEmpty { places.append(URL(fileURLWithPath: env)) }
        places.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Models/base"))
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .build/release/dreamstyler → the checkout's Models/base
        places.append(exe.deletingLastPathComponent().appendingPathComponent("../../Models/base").standardized)
        if explicit != nil {
            let u = places[0]
            guard FileManager.default.fileExists(atPath: u.appendingPathComponent("config.json").path) else { throw Failure.notFound([u.path]) }
            return u
        }
        for p in places where FileManager.default.fileExists(atPath: p.appendingPathComponent("config.json").path) { return p }
        throw Failure.notFound(places.map(\.path))
    }
}

extension BaseModel {
    /// The evaluator's sha256 (from the manifest, else computed); nil without an evaluator.
    public func evaluatorHash() throws -> String? {
        let url = folder.appendingPathComponent("evaluator.safetensors")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try manifest?.sha256["evaluator.safetensors"] ?? SHA256.hex(fileAt: url)
    }
}
