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

extension Tensor {
    /// Mean absolute error, mean over all elements (shape []).
    public static func l1(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        require(prediction.shape == target.shape, "l1: \(prediction.shape) vs \(target.shape)")
        let n = prediction.count
        let pa = prediction.data, pb = target.data
        var total = 0.0
        for i in 0..<n { total += Double(abs(pa[i] - pb[i])) }
        let out = Tensor(scalar: Float(total / Double(max(n, 1))))
        return out.record("l1", [prediction, target]) { out in
            let k = out.grad!.item() / Float(max(n, 1))
            let dp = prediction.requiresGrad ? prediction.gradData() : nil
            let dt = target.requiresGrad ? target.gradData() : nil
            Parallel.ranges(n, grain: 1 << 15) { r in
                for i in r {
                    let d = pa[i] - pb[i]
                    let s: Float = d > 0 ? k : (d < 0 ? -k : 0)
                    dp?[i] += s
                    dt?[i] -= s
                }
            }
        }
    }

    /// Mean cross-entropy of `logits` (N, C) against class indices, via a stable log-softmax.
    public static func crossEntropy(_ logits: Tensor, targets: [Int]) -> Tensor {
        require(logits.rank == 2 && logits.shape[0] == targets.count, "crossEntropy: logits \(logits.shape), \(targets.count) targets")
        let (n, c) = (logits.shape[0], logits.shape[1])
        for t in targets { require(t >= 0 && t < c, "crossEntropy: class \(t) outside 0..<\(c)") }
        let probs = Tensor(uninitializedShape: [n, c])
        let px = logits.data, pp = probs.data
        var total = 0.0
        for i in 0..<n {
            softmaxRow(px + i * c, pp + i * c, c)
            var mx = -Float.infinity
            for j in 0..<c { mx = max(mx, px[i * c + j]) }
            var z = 0.0
            for j in 0..<c { z += Foundation.exp(Double(px[i * c + j] - mx)) }
            total += Double(mx) + Foundation.log(z) - Double(px[i * c + targets[i]])
        }
        let out = Tensor(scalar: Float(total / Double(max(n, 1))))
        return out.record("crossEntropy", [logits]) { out in
            let k = out.grad!.item() / Float(max(n, 1))
            let d = logits.gradData(), pp = probs.data
            for i in 0..<n {
                for j in 0..<c { d[i * c + j] += k * (pp[i * c + j] - (j == targets[i] ? 1 : 0)) }
            }
        }
    }
}

import Foundation
