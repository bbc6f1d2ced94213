import Engine
import Foundation
import Generation
import Method
import Model

/// A tiny denoiser of the real architecture, so that a delta's tensors are checked against real names and shapes.
enum TinyDenoiser {
    static let hiddenSize = 32
    static let config = ModelConfiguration.tiny(textHiddenSize: hiddenSize)
    nonisolated(unsafe) static let unet = UNet1D(config, seed: 2)
}

extension FuzzTarget {
    /// What `library import` and `generate --delta` do with a delta file before using it: read it
    /// (safetensors, manifest, tokens, full tensors, entry indices), then check it completely.
    static let delta = FuzzTarget(name: "delta", run: { data in
        guard let d = try? ConceptDelta.read(data: data, source: "fuzz.delta.safetensors") else { return }
        _ = d.byteCount
        _ = try? d.validateManifest(source: "fuzz")
        guard (try? d.validate(against: TinyDenoiser.unet, hiddenSize: TinyDenoiser.hiddenSize, source: "fuzz")) != nil else { return }
        if let name = d.manifest.concepts.keys.first { _ = d.renamed(name, to: "renamed") }
    }, seeds: {
        let path = scratchFile("-seed.delta.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let params = TinyDenoiser.unet.namedParameters().sorted { $0.parameter.value.count < $1.parameter.value.count }
        let small = params[0], other = params[1]
        let manifest = ConceptDelta.Manifest(concepts: ["koto": .instrument], method: .dreamstyler, pivotalPercent: 5, selection: .pivotal,
                                             tokens: 2, steps: 4, baseHash: String(repeating: "ab", count: 32), mask: nil,
                                             metrics: ["loss": 0.5], createdAt: "2026-11-30T00:00:00Z")
        let delta = ConceptDelta(manifest: manifest, tokens: ["koto": Tensor([Float](repeating: 0.01, count: 2 * TinyDenoiser.hiddenSize), shape: [2, TinyDenoiser.hiddenSize])],
                                 full: [small.name: small.parameter.value.copy()],
                                 entries: [other.name: (indices: [0, 3, 5], values: [0.1, 0.2, 0.3])])
        try delta.write(to: URL(fileURLWithPath: path))
        var out = ["koto.delta.safetensors": try Data(contentsOf: URL(fileURLWithPath: path))]
        var two = delta
        two.manifest.concepts["sitar"] = .genre
        two.tokens["sitar"] = Tensor([Float](repeating: -0.02, count: 2 * TinyDenoiser.hiddenSize), shape: [2, TinyDenoiser.hiddenSize])
        try two.write(to: URL(fileURLWithPath: path))
        out["two-concepts.delta.safetensors"] = try Data(contentsOf: URL(fileURLWithPath: path))
        return out
    })

    /// The manifest a delta carries (and `library export` writes), decoded and checked as an import does.
    static let deltaManifest = FuzzTarget(name: "delta-manifest", run: { data in
        guard let m = try? JSONDecoder().decode(ConceptDelta.Manifest.self, from: data) else { return }
        let tokens = ConceptDelta.tokenRange.contains(m.tokens) ? m.tokens : 1
        var carried: [String: Tensor] = [:]
        for name in m.concepts.keys.prefix(4) { carried[name] = Tensor.zeros([tokens, TinyDenoiser.hiddenSize]) }
        let d = ConceptDelta(manifest: m, tokens: carried, full: [:], entries: [:])
        do throws(ConceptDelta.Invalid) { try d.validateManifest(source: "fuzz") } catch { _ = error.description }
        _ = ConceptDelta.Failure.otherBase(file: "fuzz", expected: m.baseHash, found: String(repeating: "0", count: 64)).description
    }, seeds: {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let m = ConceptDelta.Manifest(concepts: ["koto": .instrument, "dub": .genre], method: .customDiffusion, pivotalPercent: 2.5,
                                      selection: .random, tokens: 4, steps: 300, baseHash: String(repeating: "cd", count: 32), mask: nil,
                                      metrics: ["loss": 0.25, "mask_threshold": 0.1], createdAt: "2026-11-30T00:00:00Z")
        return ["manifest.json": try enc.encode(m)]
    })
}
