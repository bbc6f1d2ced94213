import Audio
import ConceptGrammar
import Diffusion
import Foundation
import Generation
import Library
import Model
import SpectrogramSettings

/// Where generated clips are written. Wherever it is, each clip is recorded in the library.
public enum ClipDestination: Sendable {
    /// The data folder's `clips/`, one file per clip named by its time and seed.
    case clipsFolder
    /// Exactly this file (one prompt, one seed).
    case file(URL)
    /// A folder, each clip named by its prompt's number, the prompt's first words and its seed.
    case folder(URL)
}

/// One clip made by `Workspace.generate`: the audio, as written and recorded.
public struct GeneratedClip: Sendable {
    public var audio: AudioClip
    public var record: ClipRecord
    /// Wall time of its generation, in seconds.
    public var elapsed: Double
    /// The model's spectrogram analysis, to draw the clip as the model hears it.
    public var spectrogram: SpectrogramConfig
}

/// What a generation reports as it goes.
public enum GenerationEvent: Sendable {
    /// A line for the user, such as Griffin-Lim standing in for a missing learned vocoder.
    case note(String)
    /// The prompts' concepts come from `deltas` files learned apart: composing them is experimental.
    case composing(deltas: Int)
    case step(index: Int, total: Int)
    case clip(GeneratedClip)
}

extension Workspace {
    /// Generates each prompt once per seed (default: `settings.seed`) with the concepts the prompts
    /// name (`<koto>`: its newest learned delta; `deltas` are applied first), writes each clip with
    /// its prompt, seed and concepts as metadata, and records it in the library.
    /// `strength` scales what the concepts' deltas change in the denoiser (0–2; 1: as learned).
    /// `vocoder` turns mels into sound. `onEvent` returns false on a step to cancel.
    @discardableResult
    public func generate(_ prompts: [String], settings: GenerationSettings = GenerationSettings(), seeds: [UInt64] = [],
                         deltas: [URL] = [], strength: Double = 1, vocoder: VocoderChoice = .automatic, to destination: ClipDestination = .clipsFolder,
                         onEvent: (GenerationEvent) -> Bool = { _ in true }) throws -> [GeneratedClip] {
        let seeds = seeds.isEmpty ? [settings.seed] : seeds
        if case .file = destination, prompts.count * seeds.count > 1 { throw WorkspaceError.oneFileForMany(prompts.count * seeds.count) }
        let names = prompts.flatMap(PromptReferences.names(in:))
        return try withModel(names, files: deltas, strength: strength) { model in
            if model.composed > 1 { _ = onEvent(.composing(deltas: model.composed)) }
            let generator = try model.generator(for: settings)
            generator.vocoder = try vocoder.resolve(model.base.vocoder, folder: model.base.folder)
            if vocoder == .automatic, let note = VocoderChoice.fallbackNote(model.base) { _ = onEvent(.note(note)) }
            switch destination {
            case .clipsFolder: try FileManager.default.createDirectory(at: clipsFolder, withIntermediateDirectories: true)
            case .folder(let url): try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            case .file: break
            }
            var made: [GeneratedClip] = []
            for (p, prompt) in prompts.enumerated() {
                let concepts = PromptReferences.names(in: prompt)
                for seed in seeds {
                    var s = settings
                    s.seed = seed
                    let start = Date()
                    let audio = try generator.generate(prompt, s) { onEvent(.step(index: $0.index, total: $0.total)) }
                    let path = Self.path(for: destination, prompt: prompt, number: p + 1, seed: seed, clips: clipsFolder)
                    try AudioFile.write(audio, to: path, metadata: .generated(prompt: prompt, seed: seed, concepts: concepts, strength: strength, keepPrompt: Double(s.keepPrompt)))
                    let record = try library.addClip(ClipRecord(prompt: prompt, seed: seed, sampler: s.sampler.rawValue, steps: s.steps,
                                                                cfg: Double(s.guidance), concepts: concepts, strength: strength,
                                                                keepPrompt: Double(s.keepPrompt), path: path))
                    let clip = GeneratedClip(audio: audio, record: record, elapsed: Date().timeIntervalSince(start),
                                             spectrogram: model.base.config.spectrogram)
                    made.append(clip)
                    _ = onEvent(.clip(clip))
                }
            }
            return made
        }
    }

    static func path(for destination: ClipDestination, prompt: String, number: Int, seed: UInt64, clips: URL) -> String {
        switch destination {
        case .file(let url): return url.standardizedFileURL.path
        case .folder(let url):
            return url.appendingPathComponent(String(format: "%02d-%@-seed%llu.wav", number, slug(prompt), seed)).standardizedFileURL.path
        case .clipsFolder:
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            return clips.appendingPathComponent("\(stamp)-seed\(seed).wav").path
        }
    }

    /// A prompt's first six words, lower case, joined by dashes: a file name a person recognises.
    static func slug(_ prompt: String) -> String {
        prompt.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(6).joined(separator: "-")
    }
}
