import Engine
import Foundation

extension FuzzTarget {
    /// The safetensors reader (base model weights, checkpoints, deltas): the header, then every tensor converted to Float32.
    static let safetensors = FuzzTarget(name: "safetensors", run: { data in
        guard let file = try? SafeTensors(data: data, source: "fuzz.safetensors") else { return }
        _ = file.metadata.count
        _ = try? file.allTensors()
    }, seeds: {
        let path = scratchFile("-seed.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var out: [String: Data] = [:]
        try SafeTensors.write(entries: [("a", Tensor([1, -2, 3.5, 0], shape: [2, 2]), .f32), ("b.indices", Tensor([0, 7], shape: [2]), .i32),
                                        ("c", Tensor([0.25], shape: [1]), .f16), ("empty", Tensor([], shape: [0, 3]), .f32)],
                              to: URL(fileURLWithPath: path), metadata: ["format": "pt", "note": "seed"])
        out["mixed.safetensors"] = try Data(contentsOf: URL(fileURLWithPath: path))
        try SafeTensors.write([("scalar", Tensor([42], shape: [1]))], to: URL(fileURLWithPath: path))
        out["scalar.safetensors"] = try Data(contentsOf: URL(fileURLWithPath: path))
        return out
    })
}
