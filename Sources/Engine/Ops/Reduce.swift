extension Tensor {
    /// Sum of all elements (shape []).
    public func sum() -> Tensor {
        let x = data, n = count
        var partial = [Float](repeating: 0, count: Parallel.chunkCount(n, grain: 1 << 16))
        partial.withUnsafeMutableBufferPointer { pp in
            let base = pp.baseAddress!
            Parallel.chunks(n, grain: 1 << 16) { i, r in base[i] = VectorMath.sum(r.count, x + r.lowerBound) }
        }
        let out = Tensor(scalar: partial.reduce(0, +))
        return out.record("sum", [self]) { out in
            let g = out.grad!.item()
            let d = self.gradData()
            Parallel.ranges(n, grain: 1 << 16) { r in
                VectorMath.map(r.count, d + r.lowerBound, d + r.lowerBound) { $0 + g }
            }
        }
    }

    /// Mean of all elements (shape []).
    public func mean() -> Tensor { sum() * (1 / Float(max(count, 1))) }

    /// Sum along `axis`; the axis is kept with size 1 when `keepDims`.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let a = normalizeAxis(axis)
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        var outShape = shape
        if keepDims { outShape[a] = 1 } else { outShape.remove(at: a) }
        let out = Tensor.zeros(outShape)
        let x = data, y = out.data
        Parallel.forEach(outer) { o in
            for j in 0..<n { VectorMath.add(inner, x + (o * n + j) * inner, into: y + o * inner) }
        }
        return out.record("sum(axis)", [self]) { out in
            let g = out.grad!.data
            let d = self.gradData()
            Parallel.forEach(outer) { o in
                for j in 0..<n { VectorMath.add(inner, g + o * inner, into: d + (o * n + j) * inner) }
            }
        }
    }

    /// Mean along `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        sum(axis: axis, keepDims: keepDims) * (1 / Float(size(axis)))
    }
}
