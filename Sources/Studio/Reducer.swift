import ConceptGrammar
import Foundation

extension StudioState {
    /// Applies `event`; returns what the runtime must do. Pure: no I/O here.
    public mutating func handle(_ event: StudioEvent) -> [StudioEffect] {
        switch event {
        case .key(let key): return handleKey(key)
        case .library(let rows):
            let selected = selectedConceptRow?.name
            concepts = rows
            selectedConcept = rows.firstIndex { $0.name == selected } ?? min(selectedConcept, max(rows.count - 1, 0))
            refreshCompletion()
        case .clips(let list):
            clips = list
            selectedClip = min(selectedClip, max(list.count - 1, 0))
        case .learnSummary(let summary):
            learnSummary = summary
        case .generationDefaults(let choice):
            prompt.settings = choice
        case .themes(let names, let current):
            themeNames = names
            theme = current
        case .learnStarted(let names, let summary):
            training = TrainingView()
            // The last learn's mask is not this one's.
            mask = nil
            maskNotNeeded = false
            training.concepts = names
            training.running = true
            learnSummary = summary
            say("learning \(names.map { "<\($0)>" }.joined(separator: " ")) — s stops, the run resumes later", .accent)
        case .learnPhase(let name, let total):
            training.phase = name
            training.totalSteps = total
            training.step = 0
            training.losses = []
            training.seconds = 0
        case .learnLog(let step, let loss, let seconds):
            training.step = step
            training.seconds = seconds
            training.losses.append(.init(step: step, loss: loss))
        case .learnMask(let m):
            mask = m
        case .learnNoMask:
            mask = nil
            maskNotNeeded = true
        case .learnSample(let path, let step):
            training.samples.append(.init(step: step, path: path))
        case .learnFinished(let message):
            training.running = false
            training.stopping = false
            training.outcome = "learned"
            say(message, .good)
        case .learnStopped(let step):
            training.running = false
            training.stopping = false
            training.outcome = "stopped"
            say("stopped at step \(step); r in the training panel (or l in Concepts) resumes", .warn)
            if quitting { return [.quit(finishLearnInBackground: false)] }
        case .learnFailed(let message):
            training.running = false
            training.stopping = false
            training.outcome = "failed"
            say(message, .bad)
            if quitting { return [.quit(finishLearnInBackground: false)] }
        case .generationProgress(let step, let total):
            prompt.generating = (step, total)
        case .clipReady(let clip):
            prompt.generating = nil
            clips.insert(clip, at: 0)
            selectedClip = 0
            say("ready: \(clip.prompt) (seed \(clip.seed)) — space plays it in Audition", .good)
        case .clipDeleted(let path):
            clips.removeAll { $0.path == path }
            selectedClip = min(selectedClip, max(clips.count - 1, 0))
            if playback?.path == path { playback = nil }
        case .generationFailed(let message):
            prompt.generating = nil
            say(message, .bad)
        case .playback(let p):
            playback = p
        case .alignment(let a):
            alignment = a
            if let i = clips.firstIndex(where: { Set($0.concepts) == Set(a.concepts) && $0.audioAlignment.isEmpty }) {
                clips[i].audioAlignment = a.audioAlignment
                clips[i].textAlignment = a.textAlignment
            }
        case .pathCompleted(let text):
            if case .input(let purpose, _) = modal { modal = .input(purpose, text: text) }
        case .message(let text, let role):
            say(text, role)
        }
        return []
    }

    mutating func say(_ text: String, _ role: Role) {
        status = text
        statusRole = role
    }

    // MARK: keys

    mutating func handleKey(_ key: Key) -> [StudioEffect] {
        if let modal { return handleModal(modal, key) }
        if let command: StudioKeys.Command = StudioKeys.always.command(for: key) { return handleGlobal(command, key) }
        if focus == .prompt { return handlePrompt(key) }
        if let command: StudioKeys.Command = StudioKeys.outsideThePrompt.command(for: key) { return handleGlobal(command, key) }
        switch focus {
        case .library: return handleLibrary(key)
        case .training: return handleTraining(key)
        case .audition: return handleAudition(key)
        case .alignment: return handleAlignment(key)
        case .mask, .prompt: return []
        }
    }

    mutating func handleGlobal(_ command: StudioKeys.Command, _ key: Key) -> [StudioEffect] {
        switch command {
        case .quit: return quit()
        case .help: modal = .help
        case .previousPanel: focus = focus.previous
        case .nextPanel: focus = focus.next
        case .jump:
            if case .char(let c) = key, let n = Int(String(c)), let id = PanelID(rawValue: n - 1) { focus = id }
        case .theme:
            guard !themeNames.isEmpty else { return [] }
            let next = themeNames[((themeNames.firstIndex(of: theme) ?? -1) + 1) % themeNames.count]
            return [.setTheme(next)]
        case .glyphs:
            glyphs = glyphs.next
            say("plots drawn with \(glyphs.rawValue) characters", .dim)
        }
        return []
    }

    mutating func quit() -> [StudioEffect] {
        if training.running { modal = .quitWhileLearning; return [] }
        quitting = true
        return [.stopPlayback, .quit(finishLearnInBackground: false)]
    }

    mutating func handleModal(_ m: Modal, _ key: Key) -> [StudioEffect] {
        switch m {
        case .help:
            modal = nil
            return []
        case .confirm(_, let effect):
            switch DialogKeys.confirm.command(for: key) {
            case .yes: modal = nil; return [effect]
            case .no: modal = nil; say("cancelled", .dim); return []
            case nil: return []
            }
        case .quitWhileLearning:
            switch DialogKeys.quit.command(for: key) {
            case .finish:
                modal = nil; quitting = true
                return [.stopPlayback, .quit(finishLearnInBackground: true)]
            case .stop:
                modal = nil; quitting = true
                training.stopping = true
                say("stopping the learn at its next step; it can be resumed", .warn)
                return [.stopPlayback, .stopLearn]
            case .stay: modal = nil; return []
            case nil: return []
            }
        case .input(let purpose, let text):
            switch DialogKeys.input.command(for: key) {
            case .cancel: modal = nil; say("cancelled", .dim); return []
            case .erase: modal = .input(purpose, text: String(text.dropLast())); return []
            case .complete: return purpose == .addConcept ? [.completePath(text)] : []
            case .accept:
                modal = nil
                return submit(purpose, text.trimmingCharacters(in: .whitespaces))
            case nil:
                if case .char(let c) = key { modal = .input(purpose, text: text + String(c)) }
                return []
            }
        }
    }

    mutating func submit(_ purpose: InputPurpose, _ text: String) -> [StudioEffect] {
        switch purpose {
        case .addConcept:
            let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, ["instrument", "genre"].contains(parts[1]) else {
                say("add concept: expected NAME instrument|genre FILE[,FILE…]", .bad)
                return []
            }
            guard ConceptName.isValid(parts[0]) else { say("'\(ConceptName.shown(parts[0]))' cannot be a concept name: use \(ConceptName.rule)", .bad); return [] }
            guard !concepts.contains(where: { $0.name == parts[0] }) else { say("a concept named <\(parts[0])> exists already", .bad); return [] }
            return [.learn(name: parts[0], kind: parts[1], files: parts[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })]
        case .rename(let old):
            guard ConceptName.isValid(text) else { say("'\(ConceptName.shown(text))' cannot be a concept name: use \(ConceptName.rule)", .bad); return [] }
            guard !concepts.contains(where: { $0.name == text }) else { say("a concept named <\(text)> exists already", .bad); return [] }
            return [.rename(old, to: text)]
        case .export(let name):
            guard !text.isEmpty else { say("export: give a file name", .bad); return [] }
            return [.export(name, to: text)]
        }
    }

    mutating func handleLibrary(_ key: Key) -> [StudioEffect] {
        guard let command: LibraryPanel.Command = LibraryPanel.keys.command(for: key) else { return [] }
        switch command {
        case .previous: selectedConcept = max(0, selectedConcept - 1)
        case .next: selectedConcept = min(max(concepts.count - 1, 0), selectedConcept + 1)
        case .add: modal = .input(.addConcept, text: "")
        case .learn:
            guard let c = selectedConceptRow else { return [] }
            if training.running { say("a learn is running; stop it first (s)", .warn); return [] }
            if c.status == "learned" { say("<\(c.name)> is learned; add it again under another name to relearn", .dim); return [] }
            return c.status == "stopped" ? [.resumeLearn([c.name])] : [.learn(name: c.name, kind: c.kind, files: c.references)]
        case .stop: return stopLearn()
        case .rename:
            if let c = selectedConceptRow { modal = .input(.rename(c.name), text: c.name) }
        case .remove:
            if let c = selectedConceptRow {
                guard !(training.running && training.concepts.contains(c.name)) else { say("<\(c.name)> is learning; stop it first", .warn); return [] }
                modal = .confirm("remove <\(c.name)> and its learned deltas?", .remove(c.name))
            }
        case .export:
            if let c = selectedConceptRow {
                guard c.status == "learned" else { say("<\(c.name)> has no learned delta to export yet", .warn); return [] }
                modal = .input(.export(c.name), text: "\(c.name).dreamstyler")
            }
        case .use:
            if let c = selectedConceptRow {
                guard c.status == "learned" else { say("<\(c.name)> is not learned yet (l learns it)", .warn); return [] }
                insert(ConceptName.reference(c.name))
                focus = .prompt
            }
        case .playReference:
            if let c = selectedConceptRow, let ref = c.references.first { return togglePlay(ref, label: "reference of <\(c.name)>") }
        case .evaluate:
            if let c = selectedConceptRow, c.status == "learned" { say("evaluating <\(c.name)>…", .dim); return [.evaluate([c.name], settings: prompt.settings)] }
        }
        return []
    }

    mutating func stopLearn() -> [StudioEffect] {
        guard training.running else { say("no learn is running", .dim); return [] }
        training.stopping = true
        say("stopping at the next step…", .warn)
        return [.stopLearn]
    }

    mutating func handleTraining(_ key: Key) -> [StudioEffect] {
        guard let command: TrainingPanel.Command = TrainingPanel.keys.command(for: key) else { return [] }
        switch command {
        case .stop: return stopLearn()
        case .resume:
            guard !training.running, training.outcome == "stopped", !training.concepts.isEmpty else { say("nothing to resume", .dim); return [] }
            return [.resumeLearn(training.concepts)]
        case .logScale:
            logScale.toggle()
            say(logScale ? "loss on a log scale" : "loss on a linear scale", .dim)
        case .playSample:
            if let s = training.samples.last { return togglePlay(s.path, label: "sample at step \(s.step)") }
            say("no sample yet: one is rendered every few hundred steps", .dim)
        }
        return []
    }

    mutating func togglePlay(_ path: String, label: String) -> [StudioEffect] {
        if playback?.path == path { playback = nil; return [.stopPlayback] }
        return [.play(path: path, label: label)]
    }

    mutating func handleAudition(_ key: Key) -> [StudioEffect] {
        guard let command: AuditionPanel.Command = AuditionPanel.keys.command(for: key) else { return [] }
        switch command {
        case .next: selectedClip = min(max(clips.count - 1, 0), selectedClip + 1)
        case .previous: selectedClip = max(0, selectedClip - 1)
        case .play:
            if let c = selectedClipView { return togglePlay(c.path, label: c.prompt) }
            say("no clips yet: write a prompt (4) and press Enter", .dim)
        case .compare:
            guard let c = selectedClipView else { return [] }
            guard let name = c.concepts.first, let ref = concepts.first(where: { $0.name == name })?.references.first else {
                say("this clip names no concept with a reference to compare", .dim); return []
            }
            if playback?.path == c.path { return [.play(path: ref, label: "B: reference of <\(name)>")] }
            return [.play(path: c.path, label: "A: \(c.prompt)")]
        case .regenerate:
            guard let c = selectedClipView else { return [] }
            var s = prompt.settings
            s.seed = (clips.map(\.seed).max() ?? c.seed) + 1
            s.clips = 1
            say("regenerating with seed \(s.seed)…", .dim)
            return [.generate(prompt: c.prompt, settings: s)]
        case .delete:
            if let c = selectedClipView { modal = .confirm("delete this clip's file?", .deleteClip(c.path)) }
        case .keep:
            guard let i = clips.indices.contains(selectedClip) ? selectedClip : nil else { return [] }
            clips[i].starred.toggle()
            return [.star(clips[i].path, clips[i].starred)]
        case .evaluate:
            if let c = selectedClipView, !c.concepts.isEmpty { say("evaluating \(c.concepts.map { "<\($0)>" }.joined(separator: " "))…", .dim); return [.evaluate(c.concepts, settings: prompt.settings)] }
        }
        return []
    }

    mutating func handleAlignment(_ key: Key) -> [StudioEffect] {
        guard let command: AlignmentPanel.Command = AlignmentPanel.keys.command(for: key), command == .evaluate else { return [] }
        let names = selectedClipView?.concepts ?? selectedConceptRow.map { [$0.name] } ?? []
        guard !names.isEmpty else { say("nothing to evaluate: learn a concept first", .dim); return [] }
        say("evaluating \(names.map { "<\($0)>" }.joined(separator: " "))…", .dim)
        return [.evaluate(names, settings: prompt.settings)]
    }

}
