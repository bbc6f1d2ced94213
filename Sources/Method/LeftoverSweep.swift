import ConceptGrammar
import Foundation
import Library
import Training
#if canImport(Glibc)
import Glibc
#endif

/// Clears what a process killed mid-write leaves in the data folder, when the product starts:
/// runs still marked "learning" whose learn is gone become "stopped" at their checkpoint's step
/// (where `--resume` continues), temporary files of atomic writes are removed, and so are the
/// checkpoints of learned runs (a kill between the record and their removal leaves them).
///
/// Nothing a live process is writing is touched: a run or a `.step-N.partial/` folder only while
/// its concepts' locks are free (taken for the sweep), a `.NAME.tmp-PID-…` file only when
/// process PID no longer exists.
public enum LeftoverSweep {
    public struct Report: Sendable, Equatable {
        /// Runs marked stopped, with the step recorded.
        public var stopped: [(id: Int64, step: Int)] = []
        /// Paths removed.
        public var removed: [String] = []
        public static func == (a: Report, b: Report) -> Bool {
            a.removed == b.removed && a.stopped.map(\.id) == b.stopped.map(\.id) && a.stopped.map(\.step) == b.stopped.map(\.step)
        }
    }

    @discardableResult
    public static func run(library: ConceptLibrary, dataFolder: URL = DataFolder.url) throws -> Report {
        var report = Report()
        for run in try library.runs() where run.status == .learning {
            // A live learn holds these locks; a sweep that gets them knows the learn is gone.
            guard let lock = try? library.lock(run.conceptNames, for: "checked") else { continue }
            defer { lock.release() }
            let step = checkpointStep(of: run, dataFolder: dataFolder) ?? run.step
            if try library.markStopped(runId: run.id!, step: step) { report.stopped.append((run.id!, step)) }
        }
        for run in try library.runs() where run.status == .learned {
            guard let folder = try? DataFolder.inside("concepts/\(run.conceptNames.joined(separator: "+"))-\(run.method)", root: dataFolder),
                  FileManager.default.fileExists(atPath: folder.path),
                  let lock = try? library.lock(run.conceptNames, for: "checked") else { continue }
            defer { lock.release() }
            report.removed += pruneCheckpoints(folder)
        }
        let fm = FileManager.default
        let concepts = dataFolder.appendingPathComponent("concepts")
        for name in ((try? fm.contentsOfDirectory(atPath: concepts.path)) ?? []).sorted() {
            let folder = concepts.appendingPathComponent(name)
            guard let names = conceptNames(ofFolder: name), let lock = try? library.lock(names, for: "checked") else { continue }
            defer { lock.release() }
            report.removed += sweep(folder, partialCheckpoints: true)
        }
        for folder in [dataFolder, dataFolder.appendingPathComponent("clips")] { report.removed += sweep(folder, partialCheckpoints: false, recursive: false) }
        return report
    }

    /// The step a learn of `run` can continue from: its tuning checkpoint's (0 while a mask was learning).
    static func checkpointStep(of run: RunRecord, dataFolder: URL) -> Int? {
        guard let folder = try? DataFolder.inside("concepts/\(run.conceptNames.joined(separator: "+"))-\(run.method)", root: dataFolder) else { return nil }
        if let step = TrainingCheckpoint(folder: folder.appendingPathComponent("tune/checkpoints")).latestStep { return step }
        return FileManager.default.fileExists(atPath: folder.path) ? 0 : nil
    }

    /// The concepts of a run folder named `NAME[+NAME…]-METHOD` (or `-imported`); nil for any other name.
    static func conceptNames(ofFolder name: String) -> [String]? {
        for suffix in TuningMethod.allCases.map(\.rawValue) + ["imported"] where name.hasSuffix("-" + suffix) {
            let names = name.dropLast(suffix.count + 1).split(separator: "+", omittingEmptySubsequences: false).map(String.init)
            if !names.isEmpty && names.allSatisfy(ConceptName.isValid) { return names }
        }
        return nil
    }

    /// Removes the leftovers under `folder`: dead writers' `.NAME.tmp-PID-…` files and, when asked,
    /// `.step-N.partial/` checkpoint folders (whose writer's lock the caller holds).
    static func sweep(_ folder: URL, partialCheckpoints: Bool, recursive: Bool = true) -> [String] {
        let fm = FileManager.default
        var removed: [String] = []
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            let stale = (isTemporary(name) && !isDirectory.boolValue && !writerIsAlive(name))
                || (partialCheckpoints && isDirectory.boolValue && name.hasPrefix(".step-") && name.hasSuffix(".partial"))
            if stale {
                if (try? fm.removeItem(at: url)) != nil { removed.append(url.path) }
            } else if recursive && isDirectory.boolValue && !isSymbolicLink(url) {
                removed += sweep(url, partialCheckpoints: partialCheckpoints)
            }
        }
        return removed
    }

    /// Removes the `checkpoints` folders of a learned run's phases (`mask-NAME/`, `tune/`): once its
    /// delta is recorded nothing resumes from them, and with every weight masked they are hundreds of MB.
    /// The mask's Δ_M, the loss curves and the delta stay.
    @discardableResult
    public static func pruneCheckpoints(_ runFolder: URL) -> [String] {
        let fm = FileManager.default
        var removed: [String] = []
        for phase in ((try? fm.contentsOfDirectory(atPath: runFolder.path)) ?? []).sorted() {
            let checkpoints = runFolder.appendingPathComponent(phase).appendingPathComponent("checkpoints")
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: checkpoints.path, isDirectory: &isDirectory), isDirectory.boolValue,
                  !isSymbolicLink(checkpoints) else { continue }
            if (try? fm.removeItem(at: checkpoints)) != nil { removed.append(checkpoints.path) }
        }
        return removed
    }

    /// `AtomicFile`'s temporary names: `.NAME.tmp-PID-RANDOM`.
    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.contains(".tmp-") }

    /// Whether the process named in a temporary file's name still runs (unknown counts as alive: kept).
    static func writerIsAlive(_ name: String) -> Bool {
        guard let range = name.range(of: ".tmp-", options: .backwards),
              let pid = Int32(name[range.upperBound...].split(separator: "-").first ?? "") else { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    static func isSymbolicLink(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }
}
