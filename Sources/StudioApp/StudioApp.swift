import Audio
import Engine
import Foundation
import Generation
import Library
import Method
import Studio
import Workspace

/// The studio at work: reads keys, routes them and the jobs' events through the reducer,
/// performs the effects, and paints. Keys are read every 30 ms whatever the jobs do.
public final class StudioApp {
    let options: StudioOptions
    let workspace: Workspace
    let queue = EventQueue()
    let jobs: StudioJobs
    let player: AudioPlayer
    var themes: [Theme] = []
    var state = StudioState()
    /// What to print once the terminal is restored.
    var farewell: [String] = []

    public init(workspace: Workspace, options: StudioOptions) throws {
        self.options = options
        self.workspace = workspace
        jobs = StudioJobs(queue: queue, options: options, workspace: workspace)
        let config = try options.audioConfiguration.map { try String(contentsOfFile: $0, encoding: .utf8) }
        player = AudioPlayer(configuration: config)
        if let folder = options.themesFolder { themes = try Theme.all(in: folder) }
        if themes.isEmpty { themes = [Theme.fallback] }
        guard themes.contains(where: { $0.id == options.theme }) || options.theme == "dark" else {
            throw LearnFailure("unknown theme '\(options.theme)'; themes: \(themes.map(\.id).joined(separator: ", "))")
        }
    }

    public func run() async throws {
        let lib = workspace.library
        if let samples = options.samplesFolder { try SampleConcepts.offer(in: lib, samples: samples) }
        // The state changes only through events, these first ones included: the loop applies them and performs what they ask.
        queue.post(.library(try LibraryRows.concepts(workspace)))
        let (clips, unreadable) = try LibraryRows.clips(lib)
        queue.post(.clips(clips))
        if let first = unreadable.first {
            queue.post(.message("\(unreadable.count) clip\(unreadable.count == 1 ? "" : "s") could not be read in full: \(first)", .warn))
        }
        queue.post(.learnSummary(options.learnSummary))
        queue.post(.generationDefaults(GenerationChoice(GenerationSettings())))
        let terminal = Terminal()
        defer { terminal.close(); for line in farewell { print(line) } }
        var theme = themes.first { $0.id == options.theme } ?? themes[0]
        terminal.apply(theme)
        queue.post(.themes(themes.map(\.id), current: theme.id))
        var lastPoll = Date.distantPast
        while true {
            var effects: [StudioEffect] = []
            switch terminal.read() {
            case .key(let k): effects += state.handle(.key(k))
            case .resize: terminal.invalidate()
            case .none: break
            }
            for e in queue.drain() { effects += state.handle(e) }
            for effect in effects {
                switch effect {
                case .setTheme(let id):
                    if let t = themes.first(where: { $0.id == id }) {
                        theme = t
                        terminal.apply(t)
                        queue.post(.themes(themes.map(\.id), current: id))
                        queue.post(.message("theme: \(t.name)", .dim))
                    }
                case .quit(let finish):
                    if finish { try finishInBackground() }
                    else { jobs.waitForLearn() }
                    await player.stop()
                    return
                default:
                    await perform(effect)
                }
            }
            if Date().timeIntervalSince(lastPoll) > 0.1 {
                lastPoll = Date()
                await pollPlayback()
            }
            let size = terminal.size
            terminal.paint(StudioRenderer.render(state, width: size.width, height: size.height))
        }
    }

    /// Does what an effect asks; results arrive as events (`takeEvents`). With `takeEvents`, this
    /// runs the studio without a terminal: effects in, events out.
    public func perform(_ effect: StudioEffect) async {
        switch effect {
        case .learn(let name, let kind, let files):
            let missing = files.filter { !FileManager.default.fileExists(atPath: $0) }
            guard missing.isEmpty else { queue.post(.message("no such file: \(missing.joined(separator: ", "))", .bad)); return }
            jobs.learn([LearnSession.Spec(name: name, kind: ConceptKind(rawValue: kind) ?? .instrument, files: files)], resume: false)
        case .resumeLearn(let names):
            do { jobs.learn(try workspace.storedSpecs(names), resume: true) } catch { queue.post(.message("cannot resume: \(error)", .bad)) }
        case .stopLearn: jobs.stopLearn()
        case .generate(let prompt, let settings): jobs.generate(prompt, settings: settings)
        case .play(let path, let label):
            do {
                let clip = try AudioFile.read(path).clip
                try await player.play(clip)
                queue.post(.playback(PlaybackView(path: path, label: label, position: 0, duration: clip.duration, level: 0)))
            } catch {
                queue.post(.message("cannot play: \(error) — the file is \(path)", .bad))
            }
        case .stopPlayback:
            await player.stop()
            queue.post(.playback(nil))
        case .deleteClip(let path):
            if state.playback?.path == path { await player.stop() }
            // The row first: a clip the library forgets but whose file stays is harmless; the reverse is not.
            do {
                try workspace.library.removeClip(path: path)
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                queue.post(.clipDeleted(path))
            } catch { queue.post(.message("cannot delete the clip: \(error)", .bad)) }
        case .star(let path, let on):
            do { try workspace.library.setStarred(path: path, on) } catch {
                queue.post(.message("cannot keep the clip: \(error)", .bad))
            }
        case .rename(let old, let new):
            do {
                try workspace.rename(old, to: new)
                queue.post(.message("renamed <\(old)> to <\(new)>", .good))
            } catch { queue.post(.message("\(error)", .bad)) }
            jobs.refreshLibrary()
        case .remove(let name):
            do {
                try workspace.remove(name)
                queue.post(.message("removed <\(name)>", .good))
            } catch { queue.post(.message("\(error)", .bad)) }
            jobs.refreshLibrary()
        case .export(let name, let path):
            do {
                try workspace.export(name, to: URL(fileURLWithPath: path))
                queue.post(.message("exported <\(name)> to \(path)", .good))
            } catch { queue.post(.message("export failed: \(error)", .bad)) }
        case .evaluate(let names, let settings): jobs.evaluate(names, settings: settings)
        case .completePath(let text): queue.post(.pathCompleted(PathCompletion.complete(text)))
        case .setTheme, .quit: break
        }
    }

    /// The events posted since the last call (the loop hands them to the reducer).
    public func takeEvents() -> [StudioEvent] { queue.drain() }

    func pollPlayback() async {
        guard let p = state.playback else { return }
        let s = await player.status()
        if !s.isPlaying {
            if let e = s.error { queue.post(.message("playback stopped: \(e)", .bad)) }
            queue.post(.playback(nil))
            return
        }
        queue.post(.playback(PlaybackView(path: p.path, label: p.label, position: s.position, duration: s.duration, level: Double(s.level))))
    }

    func finishInBackground() throws {
        jobs.stopLearn()
        jobs.waitForLearn()
        let (pid, log) = try jobs.continueInBackground()
        farewell.append("The learn of \(jobs.learnSpecs.map { "<\($0.name)>" }.joined(separator: " ")) goes on in the background (pid \(pid)).")
        farewell.append("Its log: \(log)")
    }
}
