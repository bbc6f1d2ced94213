import ConceptGrammar
import Engine
import Foundation
import Generation
import Library
import Training
#if canImport(Glibc)
import Glibc
import Model
#endif

/// Library actions that change files as well as rows — rename, remove, import — shared by
/// the command line and the studio. Each takes the concepts' locks (a learn of them makes it
/// fail at once), checks everything first, writes files before the one transaction that points
/// at them, and undoes its files when that transaction fails: an action that fails leaves the
/// library and the data folder as they were.
public enum ConceptEdits {
    /// Renames a concept, rewrites the identifier tokens of its deltas, and moves its run folders
    /// (`concepts/koto-dreamstyler` → `concepts/zither-dreamstyler`), so a later concept of the old
    /// name never finds, resumes or overwrites the renamed one's files.
    ///
    /// The renamed deltas are written and synced beside the old ones first (a full disk fails here,
    /// with nothing changed); the folders are moved (rename(2): no space needed, undone if what
    /// follows fails); the library renames in one transaction; only then do the new delta files
    /// replace the old.
    public static func rename(_ old: String, to new: String, library: ConceptLibrary, dataFolder: URL) throws {
        guard ConceptName.isValid(new) else { throw ConceptLibrary.Failure.invalidName(new) }
        guard try library.concept(named: old) != nil else { throw ConceptLibrary.Failure.unknown(old, known: try library.concepts().map(\.name)) }
        guard old != new else { return }
        if try library.concept(named: new) != nil { throw ConceptLibrary.Failure.duplicate(new) }
        let lock = try library.lock([old, new], for: "renamed")
        defer { lock.release() }
        let fm = FileManager.default
        let runs = try library.runs(of: old)
        // Folders to move, checked first: every target free.
        var moves: [(from: URL, to: URL)] = []
        for run in runs {
            let renamed = run.conceptNames.map { $0 == old ? new : $0 }.joined(separator: "+")
            let before = run.conceptNames.joined(separator: "+")
            for suffix in [run.method, "imported"] {
                let from = try DataFolder.inside("concepts/\(before)-\(suffix)", root: dataFolder)
                let to = try DataFolder.inside("concepts/\(renamed)-\(suffix)", root: dataFolder)
                guard fm.fileExists(atPath: from.path), !moves.contains(where: { $0.from == from }) else { continue }
                guard !fm.fileExists(atPath: to.path) else {
                    throw LearnFailure("cannot rename <\(old)> to <\(new)>: \(to.path) exists already; remove it first")
                }
                moves.append((from, to))
            }
        }
        let deltas = Set(runs.compactMap(\.deltaPath)).filter { fm.fileExists(atPath: $0) }.sorted()
        var staged: [(tmp: URL, url: URL)] = []
        func discard() { for s in staged { unlink(s.tmp.path) } }
        for path in deltas {
            let url = URL(fileURLWithPath: path)
            let tmp = AtomicFile.temporaryURL(for: url)
            staged.append((tmp, url))
            do { try ConceptDelta.read(url).renamed(old, to: new).write(to: tmp) } catch {
                discard()
                throw AtomicFile.naming(error, tmp, as: url)
            }
        }
        // Where a staged file is once its folder has moved.
        func moved(_ url: URL) -> URL {
            guard let m = moves.first(where: { url.path.hasPrefix($0.from.path + "/") }) else { return url }
            return URL(fileURLWithPath: m.to.path + url.path.dropFirst(m.from.path.count))
        }
        var done: [(from: URL, to: URL)] = []
        func undoMoves() { for m in done.reversed() { _ = Glibc.rename(m.to.path, m.from.path) } }
        do {
            for m in moves {
                guard Glibc.rename(m.from.path, m.to.path) == 0 else {
                    throw EngineError.io(path: m.from.path, reason: "cannot move it to \(m.to.path): \(String(cString: strerror(errno)))")
                }
                done.append(m)
            }
            try library.rename(old, to: new, movedFolders: Dictionary(uniqueKeysWithValues: moves.map { ($0.from.path, $0.to.path) }))
        } catch {
            undoMoves()
            discard()
            throw error
        }
        staged = staged.map { (moved($0.tmp), moved($0.url)) }
        for (i, s) in staged.enumerated() {
            do { try AtomicFile.commit(s.tmp, to: s.url) } catch {
                // rename(2) in one folder does not fail for want of space; if it fails anyway, put everything back.
                for rest in staged[(i + 1)...] { unlink(rest.tmp.path) }
                try? library.rename(new, to: old, movedFolders: Dictionary(uniqueKeysWithValues: moves.map { ($0.to.path, $0.from.path) }))
                undoMoves()
                throw error
            }
        }
    }

    /// Removes a concept, its own runs and their folders (learned, stopped or failed alike).
    /// Returns the folders deleted.
    @discardableResult
    public static func remove(_ name: String, library: ConceptLibrary, dataFolder: URL) throws -> [URL] {
        guard try library.concept(named: name) != nil else { throw ConceptLibrary.Failure.unknown(name, known: try library.concepts().map(\.name)) }
        let lock = try library.lock([name], for: "removed")
        defer { lock.release() }
        let runs = try library.remove(name)
        var removed: [URL] = []
        for run in runs {
            for folder in ConceptStore.folders(of: run, dataFolder: dataFolder) where FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.removeItem(at: folder)
                removed.append(folder)
            }
        }
        return removed
    }

    /// Adds the concepts of an exported delta, checked completely first (names, base model, every
    /// tensor), all or none. The delta is stored as validated — written anew, not copied — under
    /// `concepts/NAMES-imported/`, before the one transaction that records it.
    @discardableResult
    public static func importDelta(_ file: URL, base: BaseModel, library: ConceptLibrary, dataFolder: URL) throws -> [String] {
        try importDelta(try checked(file, base: base), from: file, baseHash: try base.denoiserHash(), library: library, dataFolder: dataFolder)
    }

    /// An exported delta, read and checked against `base` (nothing is written).
    public static func checked(_ file: URL, base: BaseModel) throws -> ConceptDelta {
        let delta = try ConceptDelta.read(file)
        try delta.validateManifest(source: file.path)
        let baseHash = try base.denoiserHash()
        guard delta.manifest.baseHash == baseHash else {
            throw ConceptDelta.Failure.otherBase(file: file.path, expected: delta.manifest.baseHash, found: baseHash)
        }
        try delta.validate(against: base.denoiser, hiddenSize: base.config.text.hiddenSize, source: file.path)
        return delta
    }

    /// Stores a delta `checked` has passed and records its concepts (all or none).
    @discardableResult
    public static func importDelta(_ delta: ConceptDelta, from file: URL, baseHash: String, library: ConceptLibrary, dataFolder: URL) throws -> [String] {
        let names = delta.manifest.concepts.keys.sorted()
        for n in names where try library.concept(named: n) != nil { throw ConceptLibrary.Failure.duplicate(n) }
        let lock = try library.lock(names, for: "imported")
        defer { lock.release() }
        let folder = try DataFolder.inside("concepts/\(names.joined(separator: "+"))-imported", root: dataFolder)
        let created = !FileManager.default.fileExists(atPath: folder.path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dest = try DataFolder.inside("\(names.joined(separator: "+")).delta.safetensors", root: folder)
        do {
            try delta.write(to: dest)
            var run = RunRecord(concepts: names, method: delta.manifest.method.rawValue, config: importConfig(file), baseHash: baseHash)
            run.status = .learned
            run.step = delta.manifest.steps
            run.deltaPath = dest.path
            run.finishedAt = Date()
            let concepts = names.map { n in
                let kind = delta.manifest.concepts[n]!
                return ConceptRecord(name: n, kind: kind.rawValue, classWord: kind.classWord, tokenCount: delta.manifest.tokens)
            }
            try library.importConcepts(concepts, run: run)
        } catch {
            try? FileManager.default.removeItem(at: created ? folder : dest)
            throw error
        }
        return names
    }

    /// The run's configuration: where it was imported from, as JSON (the path escaped by the encoder, not by hand).
    static func importConfig(_ file: URL) -> String {
        let data = (try? JSONEncoder().encode(["imported": file.path])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension ConceptStore {
    /// The folders a run wrote: its delta's folder and its learn folder (`concepts/NAMES-METHOD`),
    /// each only if it lies inside the data folder's `concepts/` (a record never sends a delete elsewhere).
    public static func folders(of run: RunRecord, dataFolder: URL) -> [URL] {
        let concepts = dataFolder.appendingPathComponent("concepts").standardizedFileURL.path + "/"
        var out: [URL] = []
        if let learn = try? DataFolder.inside("concepts/\(run.conceptNames.joined(separator: "+"))-\(run.method)", root: dataFolder) { out.append(learn) }
        if let d = run.deltaPath {
            let parent = URL(fileURLWithPath: d).deletingLastPathComponent().standardizedFileURL
            if (parent.path + "/").hasPrefix(concepts), parent.path + "/" != concepts, !out.contains(parent) { out.append(parent) }
        }
        return out.filter { ($0.standardizedFileURL.path + "/").hasPrefix(concepts) }
    }
}
