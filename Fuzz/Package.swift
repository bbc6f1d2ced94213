// swift-tools-version: 6.0
import PackageDescription

/// Fuzz targets for the readers of files that come from outside (audio, safetensors, concept deltas,
/// manifests, themes). A package of its own so that the main build never sees them; `Scripts/fuzz`
/// builds it with `--sanitize fuzzer --sanitize address` and runs one target per invocation.
let package = Package(
    name: "DreamStylerFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "DreamStyler", path: "..")],
    targets: [
        .executableTarget(
            name: "dreamstyler-fuzz",
            dependencies: [
                .product(name: "Audio", package: "DreamStyler"),
                .product(name: "Engine", package: "DreamStyler"),
                .product(name: "Model", package: "DreamStyler"),
                .product(name: "Pretraining", package: "DreamStyler"),
                .product(name: "Generation", package: "DreamStyler"),
                .product(name: "Method", package: "DreamStyler"),
                .product(name: "Studio", package: "DreamStyler"),
            ],
            path: "Sources/DreamStylerFuzz"),
    ]
)
