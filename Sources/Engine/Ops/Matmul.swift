extension Tensor {
    /// op(A)·op(B). `a` is (…, M, K) (or (…, K, M) transposed); `b` is (K, N), shared by
    /// every batch, or (…, K, N) with the same leading dimensions as `a`.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        require(a.rank >= 2 && b.rank >= 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        let ar = a.shape[a.rank - 2], ac = a.shape[a.rank - 1], br = b.shape[b.rank - 2], bc = b.shape[b.rank - 1]
        let m = transposeA ? ac : ar, k = transposeA ? ar : ac
        let kb = transposeB ? bc : br, n = transposeB ? br : bc
        require(k == kb, "matmul inner sizes differ: \(a.shape) · \(b.shape)")
        let batchShape = Array(a.shape.dropLast(2))
        let batch = batchShape.reduce(1, *)
        let sharedB = b.rank == 2
        require(sharedB || Array(b.shape.dropLast(2)) == batchShape, "matmul batch shapes differ: \(a.shape) · \(b.shape)")
        let out = Tensor(uninitializedShape: batchShape + [m, n])
        let sa = ar * ac, sb = sharedB ? 0 : br * bc, sc = m * n
        let pa = a.data, pb = b.data, pc = out.data
        if sharedB && !transposeA {
            Gemm.run(transB: transposeB, m: batch * m, n: n, k: k, a: pa, lda: ac, b: pb, ldb: bc, c: pc, ldc: n)
        } else {
            for i in 0..<batch {
                Gemm.run(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                         a: pa + i * sa, lda: ac, b: pb + i * sb, ldb: bc, c: pc + i * sc, ldc: n)
            }
        }
        return out.record("matmul", [a, b]) { out in
            let g = out.grad!.data
            if a.requiresGrad {
                let da = a.gradData()
                if sharedB && !transposeA {
                    Gemm.run(transB: !transposeB, m: batch * m, n: k, k: n, a: g, lda: n, b: pb, ldb: bc, beta: 1, c: da, ldc: ac)
                } else {
                    for i in 0..<batch {
                        if transposeA {
                            Gemm.run(transA: transposeB, transB: true, m: k, n: m, k: n,
                                     a: pb + i * sb, lda: bc, b: g + i * sc, ldb: n, beta: 1, c: da + i * sa, ldc: ac)
                        } else {
                            Gemm.run(transB: !transposeB, m: m, n: k, k: n,
                                     a: g + i * sc, lda: n, b: pb + i * sb, ldb: bc, beta: 1, c: da + i * sa, ldc: ac)
                        }
                    }
                }
            }
            if b.requiresGrad {
                let db = b.gradData()
                if sharedB && !transposeA {
                    if transposeB {
                        Gemm.run(transA: true, m: n, n: k, k: batch * m, a: g, lda: n, b: pa, ldb: ac, beta: 1, c: db, ldc: bc)
                    } else {
                        Gemm.run(transA: true, m: k, n: n, k: batch * m, a: pa, lda: ac, b: g, ldb: n, beta: 1, c: db, ldc: bc)
                    }
                } else {
                    for i in 0..<batch {
                        if transposeB {
                            Gemm.run(transA: true, transB: transposeA, m: n, n: k, k: m,
                                     a: g + i * sc, lda: n, b: pa + i * sa, ldb: ac, beta: 1, c: db + i * sb, ldc: bc)
                        } else {
                            Gemm.run(transA: !transposeA, m: k, n: n, k: m,
                                     a: pa + i * sa, lda: ac, b: g + i * sc, ldb: n, beta: 1, c: db + i * sb, ldc: bc)
                        }
                    }
                }
            }
        }
    }

    /// x·Wᵀ + b over the last axis: `x` (…, in), `weight` (out, in), `bias` (out).
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let inF = x.shape.last ?? 0, outF = weight.shape[0]
        require(weight.rank == 2 && weight.shape[1] == inF, "linear: input \(x.shape) with weight \(weight.shape)")
        if let b = bias { require(b.shape == [outF], "linear: bias \(b.shape) for \(outF) outputs") }
        let rows = x.count / max(inF, 1)
        let out = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [outF])
        let px = x.data, pw = weight.data, py = out.data
        if let b = bias { fillRows(py, rows, outF, b.data) }
        Gemm.run(transB: true, m: rows, n: outF, k: inF, a: px, lda: inF, b: pw, ldb: inF, beta: bias == nil ? 0 : 1, c: py, ldc: outF)
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return out.record("linear", inputs) { out in
            let g = out.grad!.data
            if x.requiresGrad {
                Gemm.run(m: rows, n: inF, k: outF, a: g, lda: outF, b: pw, ldb: inF, beta: 1, c: x.gradData(), ldc: inF)
            }
            if weight.requiresGrad {
                Gemm.run(transA: true, m: outF, n: inF, k: rows, a: g, lda: outF, b: px, ldb: inF, beta: 1, c: weight.gradData(), ldc: inF)
            }
            if let b = bias, b.requiresGrad { addColumnSums(g, rows, outF, into: b.gradData()) }
        }
    }

    /// Sets each of `rows` rows of width `n` to `v`.
    static func fillRows(_ y: UnsafeMutablePointer<Float>, _ rows: Int, _ n: Int, _ v: UnsafePointer<Float>) {
        Parallel.ranges(rows, grain: max(1, 16_384 / max(n, 1))) { r in
            for i in r { (y + i * n).update(from: v, count: n) }
        }
    }

    /// d[j] += Σ_i g[i, j] over a rows×n matrix.
    static func addColumnSums(_ g: UnsafePointer<Float>, _ rows: Int, _ n: Int, into d: UnsafeMutablePointer<Float>) {
        let parts = Parallel.chunkCount(rows * n, grain: 1 << 16)
        if parts <= 1 {
            for i in 0..<rows { VectorMath.add(n, g + i * n, into: d) }
            return
        }
        withZeroedScratch(parts * n) { pp in
            Parallel.forEach(parts) { p in
                for i in (rows * p / parts)..<(rows * (p + 1) / parts) { VectorMath.add(n, g + i * n, into: pp + p * n) }
            }
            for p in 0..<parts { VectorMath.add(n, pp + p * n, into: d) }
        }
    }
}
