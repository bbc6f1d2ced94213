// swift-tools-version: 6.0
import PackageDescription

/// Numeric targets are built with `-Ounchecked` in release (measured 3–8 % faster
/// on U-Net blocks than `-O`): the inner loops run over unsafe buffers whose
/// bounds are checked once per operation, by `require`, which `-Ounchecked` keeps.
/// `Scripts/sanitize` (AddressSanitizer) sets DREAMSTYLER_SANITIZE: then Swift's own checks stay
/// and the engine's buffer pool is off (SANITIZE), so that a tensor's freed buffer really is freed.
let sanitize = Context.environment["DREAMSTYLER_SANITIZE"] != nil
/// Every member used must come from a module the file imports (SE-0444). Without it a target could use
/// another module's types through a third one, SwiftPM would not rebuild it when that module's
/// layout changed, and the stale code crashed (docs/sanitizers.md, "A crash found again").
/// PackageGraphTests then holds every import to a dependency edge.
let strict: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]
let fast: [SwiftSetting] = strict + (sanitize ? [.define("SANITIZE")] : [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))])

/// A system library reached through a module map and a one-line shim header.
func system(_ name: String, _ pkg: String?, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkg, providers: [.apt([apt])])
}

let package = Package(
    name: "DreamStyler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dreamstyler", targets: ["DreamStylerCLI"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "Corpus", targets: ["Corpus"]),
        .library(name: "Text", targets: ["Text"]),
        // The readers of outside files, for the fuzz targets in Fuzz/ (a package of its own, so that
        // a normal build never compiles them with the fuzzer's instrumentation).
        .library(name: "Audio", targets: ["Audio"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Pretraining", targets: ["Pretraining"]),
        .library(name: "Generation", targets: ["Generation"]),
        .library(name: "Method", targets: ["Method"]),
        .library(name: "Studio", targets: ["Studio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // C libraries, each behind its own module so that only one Swift module imports it.
        // oneDNN: GEMM kernels dispatched on CPU features (see Engine/Gemm.swift for why not OpenBLAS).
        system("CDNNL", nil, apt: "libdnnl-dev"),
        system("CSndFile", "sndfile", apt: "libsndfile1-dev"),
        system("CSampleRate", "samplerate", apt: "libsamplerate0-dev"),
        system("CFFTW", "fftw3f", apt: "libfftw3-dev"),
        system("CALSA", "alsa", apt: "libasound2-dev"),
        system("CNcursesW", "ncursesw", apt: "libncurses-dev"),
        system("CFluidSynth", "fluidsynth", apt: "libfluidsynth-dev"),
        // CPUID / XGETBV feature detection and an FMA throughput probe (needs inline assembly and intrinsics).
        .target(name: "CCPU", cSettings: [.unsafeFlags(["-O2"])]),
        // bfloat16 GEMM through oneDNN's matmul primitive (a primitive cache per thread; C is simpler here).
        .target(name: "CGemmBF16", cSettings: [.unsafeFlags(["-O2"])], linkerSettings: [.linkedLibrary("dnnl"), .linkedLibrary("gomp")]),
        // Element-wise kernels compiled per instruction-set generation (target_clones), chosen at load time.
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        // stdio helpers Swift 6 cannot express (the `stdout` global).
        .systemLibrary(name: "CStdio"),

        // What a concept may be called, how `<name>` is found in a prompt, how identifier tokens are named.
        // A leaf: every layer that reads or stores a name (text, library, method, studio) uses the one rule.
        .target(name: "ConceptGrammar", swiftSettings: strict),
        // The tensor engine: storage, kernels, autograd, parameters, optimisers, checkpoints.
        .target(name: "Engine", dependencies: ["CDNNL", "CCPU", "CGemmBF16", "CVectorKernels"], swiftSettings: fast),
        // Neural-network layers built from the engine's operations.
        .target(name: "NN", dependencies: ["Engine"], swiftSettings: fast),
        // The spectrogram analysis settings (sizes, mel range, normalisation), shared by audio and the model stack.
        .target(name: "SpectrogramSettings", swiftSettings: strict),
        // Audio in and out: files (libsndfile, libsamplerate), spectrograms (FFTW), the vocoder, playback (ALSA).
        .target(name: "Audio", dependencies: ["Engine", "Imaging", "SpectrogramSettings", "CSndFile", "CSampleRate", "CFFTW", "CALSA"], swiftSettings: fast),
        // Diffusion: the noise schedule, samplers (DDPM, DDIM, DPM-Solver++), guidance, EMA.
        .target(name: "Diffusion", dependencies: ["Engine"], swiftSettings: fast),
        // The model stack: configuration, latent codec, U-Net denoiser.
        .target(name: "Model", dependencies: ["Engine", "NN", "SpectrogramSettings"], swiftSettings: fast),
        // Training runs: checkpoints that resume exactly, stop signals, loss logs, schedules.
        .target(name: "Training", dependencies: ["Engine", "Imaging"], swiftSettings: fast),
        // Pretraining the base model: corpus reading, caches, the codec / denoiser / evaluator stages.
        .target(name: "Pretraining", dependencies: ["NN", "SpectrogramSettings", "Engine", "Audio", "Model", "Diffusion", "Training"], swiftSettings: fast),
        // Generation with the shipped base model: loading it, prompt → latent → mel → audio.
        .target(name: "Generation", dependencies: ["Engine", "Audio", "ConceptGrammar", "Model", "Diffusion", "Text"], swiftSettings: fast),
        // The evaluation protocol: Audio / Text / ΔAudio Alignment with the product's evaluator.
        .target(name: "Evaluation", dependencies: ["Engine", "Audio", "Model", "Text"], swiftSettings: fast),
        // DreamStyler itself: mask training, pivotal selection, tuning, baselines, concept deltas; one learn (`LearnSession`).
        .target(name: "Method", dependencies: ["SpectrogramSettings", "ConceptGrammar", "Engine", "Audio", "Model", "Diffusion", "Text", "Training", "Pretraining", "Generation", "Library", "Evaluation"], swiftSettings: fast),
        // The paper's benchmark: the plan of Tables 1–3, the runner (learn, generate, score each cell, resumable), results, tables.
        .target(name: "Benchmark", dependencies: ["Diffusion", "Audio", "Engine", "Evaluation", "Generation", "Method", "Model", "Text", "Training"], swiftSettings: fast),
        // Every user action (learn, generate, evaluate, rename, remove, export, import) over one data folder,
        // library and loaded model: the command line and the studio are adapters over it.
        .target(name: "Workspace", dependencies: ["Diffusion", "Audio", "ConceptGrammar", "Engine", "Evaluation", "Generation", "Library", "Method", "Model", "SpectrogramSettings", "Text", "Training", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: fast),
        // The concept library: a SQLite database (GRDB) of concepts, runs, metrics and clips.
        .target(name: "Library", dependencies: ["ConceptGrammar", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: fast),
        // Pictures: a PNG encoder, colour maps and simple plots.
        .target(name: "Imaging", swiftSettings: fast),
        // The procedural music corpus: MIDI writer, styles, captions, FluidSynth rendering, the benchmark.
        .target(name: "Corpus", dependencies: ["Engine", "Audio", "CFluidSynth"], swiftSettings: strict),
        // The frozen text encoder (MiniLM / BERT), its tokenizer, and concept identifier tokens.
        .target(name: "Text", dependencies: ["ConceptGrammar", "Engine", "NN"], swiftSettings: fast),
        // Benchmarks behind `dreamstyler bench` (speed is measured here, never asserted in tests).
        .target(name: "Bench", dependencies: ["Engine", "NN", "Audio", "Model", "Text", "Studio", "Diffusion"], swiftSettings: fast),
        // The studio's screen: state, reducer, panels, themes; pure Swift, rendered to a grid of cells.
        .target(name: "Studio", dependencies: ["ConceptGrammar"], swiftSettings: strict),
        // The studio at work: the ncurses painter, keys, and the background jobs (learn, generate, play, evaluate).
        .target(name: "StudioApp", dependencies: ["Studio", "Workspace", "Benchmark", "CNcursesW", "Engine", "Audio", "Generation", "Method", "Library",
                                                  "Model", "Training", "Diffusion"], swiftSettings: strict),
        // The `dreamstyler` command: parses arguments and calls into the libraries.
        .executableTarget(
            name: "DreamStylerCLI",
            dependencies: ["SpectrogramSettings", "Benchmark", "ConceptGrammar", "Engine", "Audio", "Imaging", "Model", "Training", "Pretraining", "Text", "Bench", "Corpus", "Diffusion", "Generation", "Evaluation", "Method", "Library", "StudioApp", "Workspace", "CStdio", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: fast),

        // Shared test helpers: tolerances, finite-difference gradient checks, fixtures.
        .target(name: "EngineTestSupport", dependencies: ["Engine"], path: "Tests/EngineTestSupport", swiftSettings: fast),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "EngineTestSupport", "CGemmBF16"], swiftSettings: fast),
        .testTarget(name: "NNTests", dependencies: ["NN", "Engine", "EngineTestSupport"], swiftSettings: fast),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Diffusion", "Training", "Engine", "EngineTestSupport"], swiftSettings: fast),
        .testTarget(name: "AudioTests", dependencies: ["Audio", "Imaging", "Engine", "EngineTestSupport"], swiftSettings: fast),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus", "Audio", "Engine", "EngineTestSupport"], swiftSettings: strict),
        .target(name: "TextTestSupport", dependencies: ["Text", "Engine", "EngineTestSupport"], path: "Tests/TextTestSupport", swiftSettings: fast),
        .testTarget(name: "TextTests", dependencies: ["Text", "NN", "Engine", "EngineTestSupport", "TextTestSupport"], swiftSettings: fast),
        .target(name: "ModelTestSupport", dependencies: ["SpectrogramSettings", "Text", "Generation", "Model", "Engine", "TextTestSupport"], path: "Tests/ModelTestSupport", swiftSettings: fast),
        .testTarget(name: "GenerationTests", dependencies: ["Generation", "Evaluation", "Model", "Diffusion", "Audio", "Text", "Engine",
                                                         "EngineTestSupport", "TextTestSupport", "ModelTestSupport"], swiftSettings: fast),
        // Multi-corpus sampling, codec sizes and the codec report's metrics: fast, no data folder.
        .testTarget(name: "PretrainingTests", dependencies: ["SpectrogramSettings", "Pretraining", "Model", "Audio", "Engine", "Training", "EngineTestSupport"], swiftSettings: fast),
        .testTarget(name: "LibraryTests", dependencies: ["Library", "EngineTestSupport", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: fast),
        .testTarget(name: "MethodTests", dependencies: ["Method", "Generation", "Evaluation", "Model", "Audio", "Text", "Engine", "Training", "Library",
                                                     "EngineTestSupport", "TextTestSupport", "ModelTestSupport",
                                                     .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: fast),
        .testTarget(name: "BenchmarkTests", dependencies: ["Benchmark", "Audio", "Engine", "EngineTestSupport", "Evaluation", "Generation", "Method", "ModelTestSupport",
                                                        "Text", "TextTestSupport", "Training"], swiftSettings: fast),
        .testTarget(name: "ConceptGrammarTests", dependencies: ["ConceptGrammar"], swiftSettings: strict),
        // A workspace over a tiny base model and BERT: what the workspace's and the studio's job tests act in.
        .target(name: "WorkspaceTestSupport", dependencies: ["Workspace", "Audio", "Generation", "Method", "Training", "EngineTestSupport", "ModelTestSupport", "TextTestSupport"],
                path: "Tests/WorkspaceTestSupport", swiftSettings: fast),
        .testTarget(name: "WorkspaceTests", dependencies: ["Audio", "Generation", "Workspace", "Library", "WorkspaceTestSupport"], swiftSettings: fast),
        // The studio's jobs and effects, run without a terminal.
        .testTarget(name: "StudioAppTests", dependencies: ["Library", "Studio", "StudioApp", "Workspace", "WorkspaceTestSupport"], swiftSettings: fast),
        .testTarget(name: "StudioTests", dependencies: ["Studio"], swiftSettings: strict),
        // Runs the built binary in tmux; needs `swift build -c release` first (Scripts/test does it).
        .testTarget(name: "StudioEndToEndTests", swiftSettings: strict),
        // Runs the built binary with bad input, concurrent writers and signals; needs `swift build -c release` first.
        .testTarget(name: "CommandLineTests", dependencies: ["Engine", "EngineTestSupport", "Generation", "Method", "Model", "ModelTestSupport",
                                                         .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        // Package.swift's dependency edges against the imports of every target.
        .testTarget(name: "PackageGraphTests", swiftSettings: strict),
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["CDNNL", "CCPU", "CSndFile", "CSampleRate", "CFFTW", "CALSA", "CNcursesW", "CFluidSynth"],
            swiftSettings: strict),
    ]
)
