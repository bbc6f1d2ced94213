import Foundation
import Generation
import Library
import Method
// Model's types reach this target through Generation and Method; importing Model makes SwiftPM
// rebuild it when Model's layout changes, which it otherwise does not (docs/sanitizers.md).
import Model
import Synchronization
import Text
import Training

/// Everything a user does with DreamStyler, whichever front end asked: the command line and the
/// studio are adapters that turn arguments or keys into these calls and their results into lines
/// or panels. One workspace owns a data folder (its library, concepts and clips), the base model
/// and the text encoder; every action records in the library the same way from both.
///
/// The base model and text encoder are loaded once and kept for the next generation or
/// evaluation of the same concepts (loading and hashing them costs about half a second, which
/// every prompt used to pay). A learn loads its own copy: it trains the weights in place, and a
/// generation must never see them half-trained.
public final class Workspace: Sendable {
    public let dataFolder: URL
    public let textFolder: URL
    public let library: ConceptLibrary
    private let locateBase: @Sendable () throws -> URL

    /// Opens the data folder's library and clears what killed processes left (runs stuck at
    /// "learning", temporary files), so every action starts from a clean state. The base model
    /// is located when an action first needs it: listing, renaming or removing work without one.
    public init(dataFolder: URL, baseFolder: @escaping @Sendable () throws -> URL, textFolder: URL) throws {
        self.dataFolder = dataFolder
        locateBase = baseFolder
        self.textFolder = textFolder
        library = try ConceptLibrary(url: dataFolder.appendingPathComponent("library.sqlite"))
        try LeftoverSweep.run(library: library, dataFolder: dataFolder)
    }

    public convenience init(dataFolder: URL, baseFolder: URL, textFolder: URL) throws {
        try self.init(dataFolder: dataFolder, baseFolder: { baseFolder }, textFolder: textFolder)
    }

    /// The base model's folder (`BaseModel.Failure.notFound` when there is none).
    public func baseFolder() throws -> URL { try locateBase() }

    /// Where generated clips go unless the caller names a place.
    public var clipsFolder: URL { dataFolder.appendingPathComponent("clips") }

    /// Where learns write their runs: `concepts/NAME[+NAME…]-METHOD`.
    public var conceptsFolder: URL { dataFolder.appendingPathComponent("concepts") }

    // MARK: the shared model

    private let kept = Mutex<LoadedModel?>(nil)

    /// Runs `body` with the base model and text encoder carrying the deltas of `names` (and of
    /// `files`, applied first). The model is taken out of the cache while `body` runs, so two
    /// callers never share one, and put back afterwards for the next caller of the same concepts.
    /// `strength` scales what the deltas change in the denoiser (`ConceptDelta.apply`).
    func withModel<T>(_ names: [String], files: [URL] = [], strength: Double = 1, _ body: (LoadedModel) throws -> T) throws -> T {
        guard ConceptDelta.strengthRange.contains(strength) else { throw WorkspaceError.strength(strength) }
        let key = LoadedModel.key(names, files: files, base: try baseFolder(), dataFolder: dataFolder, strength: strength)
        let model = try kept.withLock { m -> LoadedModel? in
            defer { if m?.key == key { m = nil } }
            return m?.key == key ? m : nil
        } ?? load(names, files: files, strength: strength, key: key)
        defer { kept.withLock { $0 = model } }
        return try body(model)
    }

    private func load(_ names: [String], files: [URL], strength: Double, key: [String]) throws -> LoadedModel {
        let base = try BaseModel(folder: try baseFolder())
        let text = try TextEncoder(folder: textFolder)
        let (covered, applied) = try ConceptStore.apply(names, files: files, to: base, text: text, dataFolder: dataFolder, strength: strength)
        if let missing = names.first(where: { !covered.contains($0) }) { throw WorkspaceError.notLearned(missing, method: nil) }
        return LoadedModel(key: key, base: base, text: text, composed: applied.count)
    }

    /// Forgets the kept model: after a rename, remove or import its key may name stale files.
    func dropModel() { kept.withLock { $0 = nil } }
}
