import Engine
import Foundation

/// Everything a training run needs to continue exactly where it stopped: the
/// weights, the optimizer's moments, the EMA weights, the step and the random
/// generator's state. Written as a folder (`step-NNNNNNN/`) that appears whole
/// or not at all (written under a temporary name, then renamed); the newest
/// folder is the one to resume from, older ones are pruned. No separate pointer
/// file names the newest: a kill between the rename and its update would leave
/// two answers to one question.
public struct TrainingCheckpoint {
    public struct State: Codable, Sendable, Equatable {
        public var step: Int
        public var rng: SeededGenerator
        public var optimizerStep: Int
        public var extra: [String: String]
        public init(step: Int, rng: SeededGenerator, optimizerStep: Int, extra: [String: String] = [:]) {
            self.step = step
            self.rng = rng
            self.optimizerStep = optimizerStep
            self.extra = extra
        }
    }

    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// The newest complete checkpoint's folder, if any.
    public var latest: URL? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("step-") }.sorted()
        for name in names.reversed() {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("state.json").path) { return url }
        }
        return nil
    }

    /// The step of the newest complete checkpoint (its state only, no tensors read).
    public var latestStep: Int? {
        guard let dir = latest, let data = try? Data(contentsOf: dir.appendingPathComponent("state.json")),
              let state = try? JSONDecoder().decode(State.self, from: data) else { return nil }
        return state.step
    }

    /// Saves a checkpoint; `tensors` maps file names (e.g. "model") to named tensors.
    public func save(state: State, tensors: [String: [(String, Tensor)]], keep: Int = 2) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = String(format: "step-%09d", state.step)
        let tmp = folder.appendingPathComponent(".\(name).partial")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        // A write that fails (a full disk) takes its partial folder with it: the start sweep would
        // remove it too, but only once another command runs.
        do {
            for (file, list) in tensors {
                try SafeTensors.write(list, to: tmp.appendingPathComponent("\(file).safetensors"))
            }
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try enc.encode(state), to: tmp.appendingPathComponent("state.json"))
        } catch {
            try? fm.removeItem(at: tmp)
            throw AtomicFile.naming(error, tmp, as: folder.appendingPathComponent(name))
        }
        let final = folder.appendingPathComponent(name)
        try? fm.removeItem(at: final)
        try fm.moveItem(at: tmp, to: final)
        AtomicFile.syncFolder(folder)
        // Runs from before folders alone counted named the newest in a file; it would go stale.
        try? fm.removeItem(at: folder.appendingPathComponent("latest"))
        // Prune all but the newest `keep` checkpoints.
        let all = (try fm.contentsOfDirectory(atPath: folder.path)).filter { $0.hasPrefix("step-") }.sorted()
        for old in all.dropLast(keep) { try? fm.removeItem(at: folder.appendingPathComponent(old)) }
    }

    /// Loads the newest checkpoint: its state and its tensor files.
    public func load() throws -> (State, [String: SafeTensors])? {
        guard let dir = latest else { return nil }
        let state = try JSONDecoder().decode(State.self, from: Data(contentsOf: dir.appendingPathComponent("state.json")))
        var files: [String: SafeTensors] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".safetensors") {
            files[String(f.dropLast(".safetensors".count))] = try SafeTensors(contentsOf: dir.appendingPathComponent(f))
        }
        return (state, files)
    }
}
