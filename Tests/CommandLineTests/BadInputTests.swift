import Foundation
import Testing

/// Every subcommand's numeric options and file arguments, given what a careless or hostile user
/// might type: each must end with exactly one line on standard error that says what is wrong,
/// a failing status that is not a crash, and nothing changed in or around the data folder.
@Suite(.serialized) struct BadInputTests {
    struct Case: CustomStringConvertible {
        var args: [String]
        /// Text the one line must contain.
        var says: String
        var description: String { args.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " ") }
    }

    /// The cases, over a data folder holding a learned <koto> and a folder of odd files (`files`).
    static func cases(files f: String, delta: String) -> [Case] {
        let tone = "\(f)/tone.wav", ref = "Samples/koto-train.flac"
        let learn = ["learn", "koto2", ref, "--kind", "instrument"]
        let gen = ["generate", "a calm song", "--out", "\(f)/out.wav"]
        let ev = ["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--eval", "koto=\(tone)"]
        let long = String(repeating: "k", count: 4096)
        var c: [Case] = []
        func add(_ args: [String], _ says: String) { c.append(Case(args: args, says: says)) }
        // learn: numbers (negative ones as separate arguments are values, then refused)
        for (opt, value, says) in [("--batch", "100000", "--batch 100000: must be 1–256"), ("--batch", "0", "--batch 0"), ("--batch", "-1", "--batch -1"),
                                   ("--lr-unet", "nan", "--lr-unet nan"), ("--lr-unet", "inf", "--lr-unet inf"), ("--lr-unet", "-1e-5", "--lr-unet"),
                                   ("--lr-unet", "0", "--lr-unet 0"), ("--lr-tokens", "nan", "--lr-tokens nan"), ("--lr-tokens", "2", "--lr-tokens 2"),
                                   ("--tokens", "0", "--tokens 0: must be 1–16"), ("--tokens", "17", "--tokens 17"), ("--tokens", "-3", "--tokens -3"),
                                   ("--steps", "0", "--steps 0"), ("--steps", "-5", "--steps -5"), ("--steps", "1000000", "--steps 1000000"),
                                   ("--mask-epochs", "0", "--mask-epochs 0"), ("--pivotal", "0", "--pivotal"), ("--pivotal", "101", "--pivotal"),
                                   ("--pivotal", "nan", "--pivotal nan"), ("--pivotal", "-5", "--pivotal -5"), ("--sample-every", "-1", "--sample-every -1"),
                                   ("--seed", "-1", "'-1' is invalid for '--seed"), ("--batch", "abc", "'abc' is invalid for '--batch"),
                                   ("--method", "magic", "'magic' is invalid for '--method"), ("--selection", "best", "'best' is invalid for '--selection"),
                                   ("--prior-share", "0.9", "--prior-share 0.9: must be a number from 0 to 0.75"), ("--prior-share", "nan", "--prior-share nan"),
                                   ("--prior-share", "-0.1", "--prior-share -0.1"), ("--prior-clips", "0", "--prior-clips 0: must be 1–256"),
                                   ("--prior-clips", "1000", "--prior-clips 1000"),
                                   ("--together-share", "0.9", "--together-share 0.9: must be a number from 0 to 0.75"),
                                   ("--together-share", "nan", "--together-share nan")] {
            add(learn + [opt, value], says)
        }
        add(learn + ["--batch"], "Missing value for '--batch")
        add(["learn", "koto2", ref, "--kind", "piano"], "'piano' is invalid for '--kind")
        add(["learn", "koto", ref, "--kind", "instrument", "--steps", "4", "--batch", "2", "--mask-epochs", "1"], "<koto> is already learned")
        add(["learn", "koto2", "\(f)/missing.wav", "--kind", "instrument"], "no such file")
        add(["learn", "koto2", "\(f)/nan.wav", "--kind", "instrument"], "NaN or infinite samples")
        add(["learn", "koto2", "\(f)/silent.wav", "--kind", "instrument"], "silent")
        add(["learn", "koto2", "\(f)/short.wav", "--kind", "instrument"], "at least")
        add(["learn", "koto2", "\(f)/binary.bin", "--kind", "instrument"], "not a readable audio file")
        add(["learn", "koto2", f, "--kind", "instrument"], f)
        add(["learn", "--concept", "koto2-instrument-\(ref)"], "expected NAME:KIND:FILE")
        add(["learn", "--joint", "koto", "nosuch"], "no concept named 'nosuch'")
        for name in ["../../x", "/etc/evil", "a b", "", "a\u{1}b", long, "<koto>"] {
            add(["learn", name, ref, "--kind", "instrument"], "invalid")
            add(["learn", "--concept", "\(name):instrument:\(ref)"], name.isEmpty ? "expected NAME:KIND:FILE" : "invalid")
            add(["library", "rename", "koto", name], "invalid concept name")
            add(["library", "remove", name, "--yes"], "no concept named")
            add(["library", "show", name], "no concept named")
            add(["library", "export", name, "--out", "\(f)/x.delta.safetensors"], "no concept named")
            add(["evaluate", name, "--prompts", "\(f)/prompts.txt"], "no concept named")
        }
        add(["library", "rename", "nosuch", "other"], "no concept named 'nosuch'")
        add(["library", "export", "koto", "--out", "\(f)/nofolder/x.delta.safetensors"], "cannot create a file")
        add(["library", "import", "\(f)/missing.delta.safetensors"], "missing.delta.safetensors")
        add(["library", "import", "\(f)/binary.bin"], "binary.bin")
        add(["library", "import", f], f)
        add(["library", "import", delta], "a concept named 'koto' already exists")
        // generate
        for (opt, value, says) in [("--seconds", "0", "--seconds 0.0: must be a number from 1 to 30"), ("--seconds", "31", "--seconds 31"),
                                   ("--seconds", "0.5", "--seconds 0.5"), ("--seconds", "nan", "--seconds nan"), ("--seconds", "-5", "--seconds -5"),
                                   ("--seconds", "1000", "--seconds 1000"), ("--steps", "0", "--steps 0"), ("--steps", "1001", "--steps 1001"),
                                   ("--cfg", "-5", "--cfg -5"), ("--cfg", "nan", "--cfg nan"), ("--cfg", "31", "--cfg 31"),
                                   ("--strength", "2.5", "--strength 2.5: must be a number from 0 to 2"), ("--strength", "-0.1", "--strength -0.1"),
                                   ("--strength", "nan", "--strength nan"), ("--keep-prompt", "11", "--keep-prompt 11.0: must be a number from 0 to 10"),
                                   ("--keep-prompt", "-1", "--keep-prompt -1"),
                                   ("--sampler", "euler", "'euler' is invalid for '--sampler"), ("--seed", "-1", "'-1' is invalid for '--seed")] {
            add(gen + [opt, value], says)
        }
        add(["generate", "a calm song", "--cfg=-5", "--out", "\(f)/out.wav"], "--cfg -5")
        add(["generate", "a calm song", "--out", "\(f)/out.mp3"], "only .wav and .flac files are written, not .mp3")
        add(["generate", "a calm song", "--out", "\(f)/out"], "only .wav and .flac files are written")
        add(["generate", "a calm song"], "say where to write")
        add(["generate", "one", "two", "--out", "\(f)/out.wav"], "--out names one file")
        // evaluate
        for (opt, value, says) in [("--clips", "0", "--clips 0: must be 1–32"), ("--clips", "-1", "--clips -1"), ("--clips", "33", "--clips 33"),
                                   ("--seconds", "0", "--seconds 0"), ("--seconds", "1000", "--seconds 1000"), ("--seconds", "nan", "--seconds nan"),
                                   ("--steps", "0", "--steps 0"), ("--cfg", "-5", "--cfg -5"), ("--cfg", "inf", "--cfg inf"),
                                   ("--strength", "3", "--strength 3")] {
            add(ev + [opt, value], says)
        }
        add(["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--cfg=-5"], "--cfg -5")
        add(["evaluate", "koto", "--prompts", "\(f)/missing.txt"], "--prompts \(f)/missing.txt: no such file")
        add(["evaluate", "koto", "--prompts", "\(f)/binary.bin"], "not a text file")
        add(["evaluate", "koto", "--prompts", "\(f)/empty.txt"], "holds no prompts")
        add(["evaluate", "koto", "--prompts", f], "a folder, not a file")
        add(["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--eval", "koto=\(f)/nan.wav"], "NaN or infinite samples")
        add(["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--eval", "koto=\(f)/silent.wav"], "silent")
        add(["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--eval", "koto=\(f)/short.wav"], "at least 4")
        add(["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--eval", "koto=\(f)/missing.wav"], "no such file")
        add(["evaluate", "koto", "--prompts", "\(f)/prompts.txt", "--eval", "reggae=\(tone)"], "expected NAME=FILE")
        // audio and text
        add(["audio", "info", "\(f)/missing.wav"], "no such file")
        add(["audio", "info", "\(f)/binary.bin"], "not a readable audio file")
        add(["audio", "play", tone, "--out", "\(f)/x.mp3"], "only .wav and .flac")
        add(["audio", "roundtrip", tone, "\(f)/x.mp3"], "only .wav and .flac")
        add(["audio", "roundtrip", tone, "\(f)/x.wav", "--iterations", "0"], "--iterations 0")
        add(["audio", "roundtrip", tone, "\(f)/x.wav", "--momentum", "2"], "--momentum 2")
        add(["audio", "mel", tone, "--png", "\(f)/x.jpg"], "name it .png")
        add(["audio", "mel", tone, "--png", "\(f)/x.png", "--pixels-per-frame", "0"], "--pixels-per-frame 0")
        // benchmark, pretrain, bench, corpus
        let bench = ["benchmark", "run", "--out", "\(f)/results"]
        add(bench + ["--clips", "0"], "--clips 0"); add(bench + ["--batch", "100000"], "--batch 100000"); add(bench + ["--cfg", "nan"], "--cfg nan")
        add(bench + ["--keep-prompt", "12"], "--keep-prompt 12")
        add(bench + ["--seconds", "-1"], "--seconds -1"); add(bench + ["--tables", "4"], "--tables")
        add(["benchmark", "ceiling", "--levels=-6,loud"], "--levels: 'loud' is neither"); add(["benchmark", "ceiling", "--levels", "50"], "--levels: '50'")
        add(["benchmark", "ceiling", "--clips", "0"], "--clips 0"); add(["benchmark", "ceiling", "--benchmark", f], "no benchmark here")
        add(["pretrain", "codec", "--corpus", f, "--lr", "nan"], "--lr nan")
        add(["pretrain", "codec", "--corpus", f, "--decoder-of", f, "--channels", "64,64"], "--decoder-of keeps the sizes")
        add(["pretrain", "codec", "--corpus", f, "--decoder-of", "\(f)/none", "--run", "\(f)/run"], "no codec configuration")
        add(["pretrain", "ship", "--codec", "Models/base", "--decoder", f, "--out", "\(f)/models"], "not a decoder-only codec run")
        add(["pretrain", "codec", "--corpus", f, "--decoder-res-blocks", "2"], "--decoder-res-blocks grows the decoder of --decoder-of")
        add(["pretrain", "codec", "--corpus", f, "--decoder-of", f, "--decoder-res-blocks", "9"], "--decoder-res-blocks 9")
        add(["pretrain", "denoiser", "--corpus", f, "--batch", "0"], "--batch 0")
        add(["pretrain", "denoiser", "--corpus", f, "--ema-decay", "nan"], "--ema-decay")
        add(["pretrain", "evaluator", "--corpus", f, "--lr", "inf"], "--lr inf")
        add(["pretrain", "vocoder", "--corpus", f, "--lr", "nan"], "--lr nan")
        add(["pretrain", "vocoder", "--corpus", f, "--samples", "1000"], "--samples must be a multiple of 256")
        add(["pretrain", "vocoder", "--corpus", f, "--blocks", "0"], "vocoder blocks 0")
        add(["pretrain", "vocoder", "--corpus", "\(f)/missing"], "neither a corpus folder")
        add(["pretrain", "vocoder-report", "--vocoder", f, "--real", f], "no learned vocoder here")
        // Refused once the run folder is known: the folder must not be made.
        add(["pretrain", "codec", "--corpus", f, "--resume", "--adversarial", "1", "--run", "\(f)/codec-run"], "train a decoder alone")
        add(["pretrain", "denoiser", "--corpus", f, "--run", "\(f)/denoiser-run"], "no trained codec")
        add(["pretrain", "evaluator", "--corpus", f, "--run", "\(f)/evaluator-run"], "no manifest.jsonl")
        add(["pretrain", "vocoder", "--corpus", "\(f)/corpus", "--from", "\(f)/none", "--run", "\(f)/vocoder-run"], "no learned vocoder here")
        add(["audio", "roundtrip", tone, "\(f)/x.wav", "--vocoder", "wavenet"], "'wavenet' is invalid for '--vocoder")
        add(["audio", "roundtrip", tone, "\(f)/x.wav", "--vocoder", "learned", "--vocoder-folder", f], "no learned vocoder here")
        add(gen + ["--vocoder", "wavenet"], "'wavenet' is invalid for '--vocoder")
        add(gen + ["--precision", "fp16"], "'fp16' is invalid for '--precision")
        add(["audio", "roundtrip", tone, "\(f)/x.wav", "--inversion", "magic"], "'magic' is invalid for '--inversion")
        add(bench + ["--methods", "dreamstyler,lora"], "'dreamstyler,lora' is invalid for '--methods")
        add(bench + ["--methods", ""], "'' is invalid for '--methods")
        add(["corpus", "real", "--manifest", "\(f)/m.json", "--out", "\(f)/real", "--split", "test"], "'test' is invalid for '--split")
        add(["bench", "model", "--batch", "0"], "--batch 0"); add(["bench", "engine", "--repeats", "0"], "--repeats 0")
        add(["bench", "text", "--batch", "-2"], "--batch -2"); add(["bench", "audio", "--iterations", "0"], "--iterations 0")
        add(["corpus", "build", "--hours", "-1", "--out", "\(f)/corpus"], "--hours"); add(["corpus", "build", "--hours", "nan", "--out", "\(f)/corpus"], "--hours")
        add(["corpus", "build", "--hours", "1", "--workers", "0", "--out", "\(f)/corpus"], "--workers")
        add(["studio", "--batch", "0"], "--batch 0"); add(["studio", "--steps", "-1"], "--steps -1")
        add(["generate", "a calm song", "--out", "\(f)/out.wav", "--delta", "\(f)/missing.delta.safetensors"], "missing.delta.safetensors")
        add(["generate", "a calm song", "--out", "\(f)/out.wav", "--delta", "\(f)/binary.bin"], "binary.bin")
        add(["text", "encode", "a song", "--tokens", "0"], "--tokens 0")
        add(["text", "encode", "a song", "--tokens", "17"], "--tokens 17")
        // recognition: the classifier, evaluate --recognise, the round-trip report
        add(["recognise", "\(f)/missing.wav"], "\(f)/missing.wav: no such file")
        add(["recognise", tone, "--top", "0"], "--top 0: must be 1–21")
        add(["recognise", tone, "--classifier", f], "no concept classifier")
        add(["recognise", tone, "--concept", "piano"], "--concept piano: not a class of the classifier")
        add(["recognise", "\(f)/binary.bin"], "not a readable audio file")
        add(ev + ["--recognise-as", "koto=sitar"], "only apply with --recognise")
        add(ev + ["--recognise", "--recognise-as", "reggae=sitar"], "expected NAME=CLASS")
        add(ev + ["--recognise", "--recognise-as", "koto=piano"], "--recognise-as koto=piano: 'piano' is not one of the classifier's classes")
        add(["pretrain", "classifier", "--features", "magic"], "--features magic: expected one of")
        add(["pretrain", "classifier", "--hidden", "x"], "--hidden x: expected whole numbers")
        add(["pretrain", "classifier", "--corpus", f], "no manifest.jsonl")
        add(["pretrain", "classifier", "--other-every", "0"], "--other-every 0: must be 1–1000")
        add(["pretrain", "classifier", "--train-corpus", f, "--held-out-corpus", f + "/"], "both trained on and held out")
        add(["pretrain", "classifier", "--held-out-corpus", "\(f)/a/gm", "--held-out-corpus", "\(f)/b/gm"], "two folders named alike")
        add(["pretrain", "roundtrip-report", "--codec", "v2"], "--codec 'v2': expected LABEL=DIR")
        add(["pretrain", "roundtrip-report", "--vocoder", "hifigan"], "--vocoder 'hifigan': expected griffin-lim or LABEL=DIR")
        add(["pretrain", "roundtrip-report", "--vocoder", "v=/nonexistent"], "--vocoder v=/nonexistent: no such folder")
        add(["pretrain", "roundtrip-report", "--benchmark", f], "no benchmark here")
        return c
    }

    @Test func everyBadInputGetsOneLineAndChangesNothing() throws {
        let cli = try Dreamstyler()
        try #require(FileManager.default.isExecutableFile(atPath: Dreamstyler.binary), "build first: swift build -c release")
        // A learned <koto> (a tiny learn), and the odd files.
        let learned = try cli.run(["learn", "koto", "Samples/koto-train.flac", "--kind", "instrument", "--steps", "4", "--batch", "2",
                                   "--mask-epochs", "1", "--sample-every", "0"])
        try #require(learned.status == 0, "the setup learn failed: \(learned.stderr)")
        let files = cli.outer.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let delta = cli.outer.appendingPathComponent("koto.delta.safetensors").path
        try #require(try cli.run(["library", "export", "koto", "--out", delta]).status == 0)
        try WAV.write(WAV.tone(seconds: 12), to: files.appendingPathComponent("tone.wav"))
        try WAV.write(WAV.tone(seconds: 12).enumerated().map { $0.offset % 100 == 0 ? .nan : $0.element }, to: files.appendingPathComponent("nan.wav"))
        try WAV.write([Float](repeating: 0, count: 12 * 16_000), to: files.appendingPathComponent("silent.wav"))
        try WAV.write(WAV.tone(seconds: 0.5), to: files.appendingPathComponent("short.wav"))
        try Data([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0xff, 0xfe]).write(to: files.appendingPathComponent("binary.bin"))
        try Data().write(to: files.appendingPathComponent("empty.txt"))
        try Data("a calm song\n".utf8).write(to: files.appendingPathComponent("prompts.txt"))
        // A corpus folder by its manifest, so that a stage gets past its corpus to the next input.
        try FileManager.default.createDirectory(at: files.appendingPathComponent("corpus"), withIntermediateDirectories: true)
        try Data().write(to: files.appendingPathComponent("corpus/manifest.jsonl"))

        var before = cli.snapshot()
        let cases = Self.cases(files: files.path, delta: delta)
        for c in cases {
            let r = try cli.run(c.args, timeout: 60)
            #expect(r.status != 0 && r.status < 128, "\(c): status \(r.status)")
            #expect(r.stderrLines.count == 1, "\(c): \(r.stderrLines.count) lines on stderr:\n\(r.stderr)")
            let line = String(r.stderrLines.first ?? "")
            #expect(line.hasPrefix("dreamstyler: ") && line.contains(c.says), "\(c): \(line)")
            #expect(!line.contains("NSCocoaErrorDomain") && !line.contains("Fatal error") && line.count < 400, "\(c): \(line)")
            let after = cli.snapshot()
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
            #expect(changed.isEmpty, "\(c) changed \(changed)")
            before = after
        }
        print("bad inputs: \(cases.count) tried through the built binary, each with its expected line and nothing changed unless reported above")
        #expect(cases.count > 100)
    }

    @Test func audioInfoWarnsAboutNaNAudio() throws {
        let cli = try Dreamstyler()
        let nan = cli.outer.appendingPathComponent("nan.wav")
        try WAV.write(WAV.tone(seconds: 1).enumerated().map { $0.offset == 500 ? .nan : $0.offset == 900 ? .infinity : $0.element }, to: nan)
        let r = try cli.run(["audio", "info", nan.path])
        #expect(r.status == 0 && r.stdout.contains("duration  1.00 s"))
        #expect(r.stderrLines == ["dreamstyler: warning: \(nan.path): 2 NaN or infinite samples; the levels above are meaningless"])
    }

    @Test func helpStatesTheRangesThatAreAccepted() throws {
        let cli = try Dreamstyler()
        let learn = try cli.run(["learn", "--help"]).stdout, generate = try cli.run(["generate", "--help"]).stdout
        let evaluate = try cli.run(["evaluate", "--help"]).stdout
        for text in ["Crops per batch (1–256)", "Identifier tokens per concept, 1–16", "Tuning steps (1–100000)"] {
            #expect(learn.contains(text), "learn --help lacks \(text)")
        }
        for text in ["Seconds of audio per clip (1–30)", "Sampling steps (1–1000)", "0–30 (1 = none)"] { #expect(generate.contains(text), "\(text)") }
        for text in ["Clips per prompt (1–32)", "Seconds of audio per clip (1–30)", "0–30 (1 = none)"] { #expect(evaluate.contains(text), "\(text)") }
        // Just outside each stated range is refused; the bounds themselves pass validation.
        #expect(try cli.run(["generate", "x", "--seconds", "0.99", "--out", "x.wav"]).stderr.contains("--seconds 0.99"))
        #expect(try cli.run(["generate", "x", "--seconds", "30.01", "--out", "x.wav"]).stderr.contains("--seconds 30.01"))
        #expect(try cli.run(["learn", "k", "a.wav", "--kind", "instrument", "--batch", "257"]).stderr.contains("--batch 257"))
        #expect(try cli.run(["learn", "k", "a.wav", "--kind", "instrument", "--batch", "256", "--tokens", "16"]).stderr.contains("a.wav: no such file"))
    }
}
