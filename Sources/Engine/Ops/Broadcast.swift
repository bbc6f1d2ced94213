/// How two shapes broadcast against each other, cut into an outer loop and an
/// inner run that the vector kernels handle in one call.
///
/// In the inner run each operand is either a contiguous vector or one repeated
/// value. `[B, L, C] + [C]` is one run of B·L·C against repeats of C… in blocks
/// of C; `[B, L, C] + [B, 1, C]` is B·L blocks of C.
struct BroadcastPlan {
    let outShape: [Int]
    let inner: Int
    /// Per operand: is the inner run a contiguous vector (true) or one repeated value (false)?
    let aVector: Bool
    let bVector: Bool
    let outerShape: [Int]
    let aOuterStrides: [Int]
    let bOuterStrides: [Int]

    var outerCount: Int { outerShape.reduce(1, *) }

    init(_ a: [Int], _ b: [Int]) throws(EngineError) {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            guard pa[i] == pb[i] || pa[i] == 1 || pb[i] == 1 else {
                throw EngineError.shapeMismatch("cannot broadcast \(a) with \(b)")
            }
            out[i] = max(pa[i], pb[i])
        }
        func strides(_ s: [Int]) -> [Int] {
            var st = [Int](repeating: 0, count: rank)
            var acc = 1
            for i in stride(from: rank - 1, through: 0, by: -1) {
                st[i] = s[i] == 1 ? 0 : acc
                acc *= s[i]
            }
            return st
        }
        let sa = strides(pa), sb = strides(pb)
        var inner = 1, aRun = 1, bRun = 1
        var aKind: Bool? = nil, bKind: Bool? = nil
        var d = rank - 1
        while d >= 0 {
            if out[d] == 1 { d -= 1; continue }
            func kind(_ s: Int, _ run: Int) -> Bool? { s == 0 ? false : (s == run ? true : nil) }
            guard let ka = kind(sa[d], aRun), let kb = kind(sb[d], bRun) else { break }
            if let k = aKind, k != ka { break }
            if let k = bKind, k != kb { break }
            aKind = ka; bKind = kb
            inner *= out[d]
            if ka { aRun *= out[d] }
            if kb { bRun *= out[d] }
            d -= 1
        }
        outShape = out
        self.inner = inner
        aVector = aKind ?? true
        bVector = bKind ?? true
        outerShape = Array(out[0..<(d + 1)])
        aOuterStrides = Array(sa[0..<(d + 1)])
        bOuterStrides = Array(sb[0..<(d + 1)])
    }

    /// Calls `body(aOffset, bOffset, outOffset)` for each inner run, in order.
    @inline(__always)
    func forEachBlock(_ body: (Int, Int, Int) -> Void) {
        let n = outerCount
        if outerShape.isEmpty { body(0, 0, 0); return }
        var idx = [Int](repeating: 0, count: outerShape.count)
        var ao = 0, bo = 0
        for o in 0..<n {
            body(ao, bo, o * inner)
            var k = outerShape.count - 1
            while k >= 0 {
                idx[k] += 1
                ao += aOuterStrides[k]
                bo += bOuterStrides[k]
                if idx[k] < outerShape[k] { break }
                ao -= aOuterStrides[k] * outerShape[k]
                bo -= bOuterStrides[k] * outerShape[k]
                idx[k] = 0
                k -= 1
            }
        }
    }
}
