import Engine
import EngineTestSupport
import Testing

@Suite struct AutogradTests {
    @Test func noGradRecordsNothing() {
        let w = param([3, 3], seed: 1)
        let y = noGrad { (w * w).sum() }
        #expect(!y.requiresGrad)
        let z = (w * w).sum()
        #expect(z.requiresGrad && !z.isLeaf)
    }

    @Test func gradientsAccumulateOverUsesAndCalls() {
        let x = Tensor([1, 2, 3], shape: [3], requiresGrad: true)
        // x used twice: d/dx Σ(x·x + 3x) = 2x + 3
        ((x * x) + x * 3).sum().backward()
        #expect(x.grad!.toArray() == [5, 7, 9])
        // A second backward adds to the leaf's gradient.
        (x * 2).sum().backward()
        #expect(x.grad!.toArray() == [7, 9, 11])
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test func onlyRequestedLeavesGetGradients() {
        let a = param([2, 4], seed: 2), frozen = Tensor.ones([4, 3])
        Tensor.matmul(a, frozen).sum().backward()
        #expect(a.grad != nil && frozen.grad == nil)
    }

    @Test func deepChainsDoNotOverflowTheStack() {
        let x = Tensor([0.5], shape: [1], requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0 }
        y.sum().backward()
        #expect(x.grad!.item() == 1)
    }

    @Test func poolReusesBuffersAndRespectsItsCapacity() {
        // A private pool: the shared one also serves tests running alongside.
        let pool = BufferPool(capacityBytes: 4 * 1000)
        let a = pool.take(600)
        pool.give(a, 600)
        let b = pool.take(600)
        #expect(a == b && pool.allocationCount == 1, "a returned buffer is handed out again")
        let c = pool.take(600)
        #expect(pool.allocationCount == 2)
        pool.give(b, 600)
        pool.give(c, 600)
        #expect(pool.pooledBytes == 4 * BufferPool.sizeClass(600), "the second buffer would exceed 4000 bytes and is released")
        let d = pool.take(630)
        #expect(d == b && pool.allocationCount == 2, "a request of another size in the same class reuses the buffer")
        pool.give(d, 630)
        pool.drain()
        #expect(pool.pooledBytes == 0)
    }

    @Test func sizeClassesWasteAtMostAnEighth() {
        var previous = 0
        for n in 1...70_000 {
            let c = BufferPool.sizeClass(n)
            #expect(c >= n && c >= previous && Double(c) <= Double(n) * 1.125, "class \(c) of \(n)")
            previous = c
        }
        #expect(Set((1...70_000).map(BufferPool.sizeClass)).count <= 64 + 8 * 11, "few classes, so varying sizes share buffers")
    }
}
