extension Tensor {
    /// The same values under another shape (a view; one dimension may be -1).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            require(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            s[i] = count / known
        }
        require(s.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        let out = Tensor(shape: s, storage: storage, offset: offset)
        return out.record("reshape", [self]) { out in self.accumulateGrad(out.grad!.data) }
    }

    /// Elements `start ..< start+length` along `axis` (a view when `axis` is the first non-unit one).
    public func narrow(axis: Int, start: Int, length: Int) -> Tensor {
        let a = normalizeAxis(axis)
        require(start >= 0 && length >= 0 && start + length <= shape[a], "narrow \(start)..<\(start + length) of axis \(a) in \(shape)")
        var outShape = shape
        outShape[a] = length
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        let out: Tensor
        if outer == 1 {
            out = Tensor(shape: outShape, storage: storage, offset: offset + start * inner)
        } else {
            out = Tensor(uninitializedShape: outShape)
            let x = data, y = out.data
            for o in 0..<outer { (y + o * length * inner).update(from: x + (o * n + start) * inner, count: length * inner) }
        }
        return out.record("narrow", [self]) { out in
            let g = out.grad!.data, d = self.gradData()
            for o in 0..<outer { VectorMath.add(length * inner, g + o * length * inner, into: d + (o * n + start) * inner) }
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        require(!parts.isEmpty, "concat of nothing")
        let a = parts[0].normalizeAxis(axis)
        let ref = parts[0].shape
        for p in parts {
            require(p.rank == ref.count && (0..<ref.count).allSatisfy { $0 == a || p.shape[$0] == ref[$0] },
                         "concat along \(a): \(p.shape) does not fit \(ref)")
        }
        let outer = ref[..<a].reduce(1, *), inner = ref[(a + 1)...].reduce(1, *)
        let total = parts.reduce(0) { $0 + $1.shape[a] }
        var outShape = ref
        outShape[a] = total
        let out = Tensor(uninitializedShape: outShape)
        let y = out.data
        var start = 0
        var starts: [Int] = []
        for p in parts {
            starts.append(start)
            let n = p.shape[a], x = p.data
            for o in 0..<outer { (y + (o * total + start) * inner).update(from: x + o * n * inner, count: n * inner) }
            start += n
        }
        return out.record("concat", parts) { out in
            let g = out.grad!.data
            for (p, s) in zip(parts, starts) where p.requiresGrad {
                let n = p.shape[a], d = p.gradData()
                for o in 0..<outer { VectorMath.add(n * inner, g + (o * total + s) * inner, into: d + o * n * inner) }
            }
        }
    }

    /// Swaps the last two dimensions.
    public func transposedLast() -> Tensor {
        require(rank >= 2, "transpose of \(shape)")
        let r = shape[rank - 2], c = shape[rank - 1], batch = count / max(r * c, 1)
        var outShape = shape
        outShape.swapAt(rank - 2, rank - 1)
        let out = Tensor(uninitializedShape: outShape)
        Tensor.transposeKernel(data, out.data, batch, r, c, accumulate: false)
        return out.record("transpose", [self]) { out in
            Tensor.transposeKernel(out.grad!.data, self.gradData(), batch, c, r, accumulate: true)
        }
    }

    static func transposeKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ batch: Int, _ r: Int, _ c: Int, accumulate: Bool) {
        for b in 0..<batch {
            let xs = x + b * r * c, ys = y + b * r * c
            // Blocked so that both reads and writes stay within cache lines.
            var i0 = 0
            while i0 < r {
                var j0 = 0
                while j0 < c {
                    for i in i0..<min(i0 + 16, r) {
                        for j in j0..<min(j0 + 16, c) {
                            if accumulate { ys[j * r + i] += xs[i * c + j] } else { ys[j * r + i] = xs[i * c + j] }
                        }
                    }
                    j0 += 16
                }
                i0 += 16
            }
        }
    }
}
