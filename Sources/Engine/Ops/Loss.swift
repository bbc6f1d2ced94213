extension Tensor {
    /// Mean squared error, mean over all elements (shape []).
    public static func mse(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        require(prediction.shape == target.shape, "mse: \(prediction.shape) vs \(target.shape)")
        let n = prediction.count
        let pa = prediction.data, pb = target.data
        let parts = Parallel.chunkCount(n, grain: 1 << 15)
        var partial = [Float](repeating: 0, count: parts)
        partial.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            Parallel.chunks(n, grain: 1 << 15) { p, r in
                var acc = Vec()
                var i = r.lowerBound
                while i + 16 <= r.upperBound { let d = VectorMath.load(pa + i) - VectorMath.load(pb + i); acc += d * d; i += 16 }
                var s = acc.sum()
                while i < r.upperBound { let d = pa[i] - pb[i]; s += d * d; i += 1 }
                base[p] = s
            }
        }
        let out = Tensor(scalar: partial.reduce(0, +) / Float(max(n, 1)))
        return out.record("mse", [prediction, target]) { out in
            let k = 2 * out.grad!.item() / Float(max(n, 1))
            let dp = prediction.requiresGrad ? prediction.gradData() : nil
            let dt = target.requiresGrad ? target.gradData() : nil
            Parallel.ranges(n, grain: 1 << 15) { r in
                let s = r.lowerBound
                if let dp { VectorMath.zip3(r.count, pa + s, pb + s, dp + s, dp + s) { a, b, d in d + k * (a - b) } }
                if let dt { VectorMath.zip3(r.count, pa + s, pb + s, dt + s, dt + s) { a, b, d in d - k * (a - b) } }
            }
        }
    }
}
