import Foundation
import Generation
import Method
import Text

/// A base model and text encoder with some concepts' deltas applied, named by what went into it.
struct LoadedModel: @unchecked Sendable {
    /// The base folder, then each concept with its delta file's path, size and date: a relearned,
    /// renamed or removed concept changes the key, so a stale model is never reused; last the strength.
    let key: [String]
    let base: BaseModel
    let text: TextEncoder
    /// Delta files applied; more than one means the concepts were not learned jointly.
    let composed: Int

    /// A generator on this model for `settings` (`Generator.init(base:text:for:)`).
    func generator(for settings: GenerationSettings) throws -> Generator {
        guard GenerationSettings.keepPromptRange.contains(settings.keepPrompt) else { throw WorkspaceError.keepPrompt(settings.keepPrompt) }
        return try Generator(base: base, text: text, for: settings)
    }

    static func key(_ names: [String], files: [URL], base: URL, dataFolder: URL, strength: Double) -> [String] {
        let wanted = files.map { ("file", $0) } + Set(names).sorted().map { name in (name, ConceptStore.delta(for: name, dataFolder: dataFolder)) }
        return [base.standardizedFileURL.path] + wanted.map { label, url in
            // A key only: a delta that cannot be read here fails loudly when the model is loaded.
            guard let url, let a = try? FileManager.default.attributesOfItem(atPath: url.path) else { return "\(label): none" }
            let date = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(label): \(url.standardizedFileURL.path) \((a[.size] as? Int) ?? -1) \(date)"
        } + ["strength: \(strength)"]
    }
}
