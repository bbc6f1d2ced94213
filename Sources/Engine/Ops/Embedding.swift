extension Tensor {
    /// Rows of `table` (V, D) picked by `indices`, shaped `shape + [D]`.
    public static func embedding(_ table: Tensor, indices: [Int], shape: [Int]? = nil) -> Tensor {
        require(table.rank == 2, "embedding table must be (V, D), got \(table.shape)")
        let (v, d) = (table.shape[0], table.shape[1])
        let outShape = (shape ?? [indices.count]) + [d]
        require(outShape.dropLast().reduce(1, *) == indices.count, "embedding: \(indices.count) indices for shape \(outShape)")
        for i in indices { require(i >= 0 && i < v, "embedding index \(i) outside 0..<\(v)") }
        let out = Tensor(uninitializedShape: outShape)
        let pt = table.data, po = out.data
        for (row, i) in indices.enumerated() { (po + row * d).update(from: pt + i * d, count: d) }
        return out.record("embedding", [table]) { out in
            let g = out.grad!.data, dt = table.gradData()
            // Sequential: the same row may be picked twice and must accumulate both.
            for (row, i) in indices.enumerated() { VectorMath.add(d, g + row * d, into: dt + i * d) }
        }
    }
}
