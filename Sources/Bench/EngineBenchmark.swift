import Engine
import NN

/// `dreamstyler bench engine`: the machine's GEMM peak and, for blocks of the
/// U-Net at batch 32, forward and forward+backward time against it.
public struct EngineBenchmark {
    public struct GemmPeak: Codable, Sendable {
        public var size: Int
        public var threads: Int
        public var seconds: Double
        public var gflops: Double
    }

    public struct BlockResult: Codable, Sendable {
        public var name: String
        public var shape: String
        public var parameters: Int
        public var forwardGFLOP: Double
        public var forwardSeconds: Double
        public var forwardGFLOPS: Double
        public var trainGFLOP: Double
        public var trainSeconds: Double
        public var trainGFLOPS: Double
        public var trainFractionOfPeak: Double
        /// Fresh buffer allocations during the timed training steps (0 once the pool is warm).
        public var allocationsPerStep: Double
    }

    /// The processor and the kernels chosen for it.
    public struct Machine: Codable, Sendable {
        public var cpu: String
        public var features: [String]
        public var library: String
        public var kernels: String
        public var bestKernels: String
        /// Set when the kernels are below what the CPU offers.
        public var fallback: String?
        public var fma: FMAProbe.Result

        public static func current() -> Machine {
            let host = CPUFeatures.host
            return Machine(cpu: host.brand.isEmpty ? host.vendor : host.brand, features: host.names, library: Kernels.library,
                           kernels: Kernels.active.name, bestKernels: Kernels.best.name, fallback: Kernels.fallbackWarning,
                           fma: FMAProbe.measure())
        }
    }

    public struct Report: Codable, Sendable {
        public var machine: Machine
        public var library: String
        public var peak: GemmPeak
        public var blocks: [BlockResult]
    }

    public var batch = 32
    public var repeats = 10
    public var gemmSize = 2048

    public init(batch: Int = 32, repeats: Int = 10, gemmSize: Int = 2048) {
        self.batch = batch
        self.repeats = repeats
        self.gemmSize = gemmSize
    }

    /// Large square SGEMM on all cores: the yardstick for everything else.
    public func measurePeak() -> GemmPeak {
        let n = gemmSize
        var rng = SeededGenerator(seed: 1)
        let a = Tensor.randn([n, n], using: &rng), b = Tensor.randn([n, n], using: &rng), c = Tensor.zeros([n, n])
        let t = Stopwatch.median(warmup: 1, repeats: max(3, repeats / 2)) {
            Gemm.run(m: n, n: n, k: n, a: a.data, lda: n, b: b.data, ldb: n, c: c.data, ldc: n)
        }
        return GemmPeak(size: n, threads: Parallel.threadCount, seconds: t, gflops: 2 * Double(n * n * n) / t / 1e9)
    }

    /// Times a block: forward under `noGrad`, and forward + backward with every weight and the input trained.
    public func measure(name: String, shape: String, module: Module, input: Tensor, peak: Double,
                        _ forward: @escaping (Tensor) -> Tensor) -> BlockResult {
        module.trainAll()
        let (_, fwdFlops) = FlopCounter.measure { noGrad { _ = forward(input) } }
        let tf = Stopwatch.median(repeats: repeats) { noGrad { _ = forward(input) } }
        var rng = SeededGenerator(seed: 2)
        let probe = noGrad { forward(input) }
        let upstream = Tensor.randn(probe.shape, using: &rng)
        let x = input.copy()
        x.requiresGrad = true
        let params = module.namedParameters().map(\.parameter.value)
        func step() {
            for p in params { p.grad?.fill(0) }
            x.grad?.fill(0)
            forward(x).backward(gradient: upstream)
        }
        step()
        let (_, trainFlops) = FlopCounter.measure { step() }
        let allocBefore = BufferPool.shared.allocationCount
        let tt = Stopwatch.median(repeats: repeats) { step() }
        let allocs = Double(BufferPool.shared.allocationCount - allocBefore) / Double(repeats + 2)
        let trainRate = Double(trainFlops) / tt / 1e9
        return BlockResult(
            name: name, shape: shape, parameters: module.parameterCount,
            forwardGFLOP: Double(fwdFlops) / 1e9, forwardSeconds: tf, forwardGFLOPS: Double(fwdFlops) / tf / 1e9,
            trainGFLOP: Double(trainFlops) / 1e9, trainSeconds: tt, trainGFLOPS: trainRate,
            trainFractionOfPeak: trainRate / peak, allocationsPerStep: allocs)
    }

    public func run() -> Report {
        let machine = Machine.current()
        let peak = measurePeak()
        var rng = SeededGenerator(seed: 3)
        var blocks: [BlockResult] = []
        let timeChannels = 512
        let time = Tensor.randn([batch, timeChannels], using: &rng)
        for (c, l) in [(128, 64), (192, 32)] {
            let block = ResBlock(inChannels: c, outChannels: c, timeChannels: timeChannels, rng: &rng)
            let x = Tensor.randn([batch, l, c], using: &rng)
            blocks.append(measure(name: "ResBlock", shape: "B\(batch) L\(l) C\(c)", module: block, input: x, peak: peak.gflops) {
                block($0, time: time)
            })
        }
        let (c, l, s, d) = (192, 16, 24, 384)
        let tb = TransformerBlock(channels: c, contextChannels: d, heads: 3, feedForward: 2 * c, rng: &rng)
        let context = Tensor.randn([batch, s, d], using: &rng)
        let x = Tensor.randn([batch, l, c], using: &rng)
        blocks.append(measure(name: "TransformerBlock", shape: "B\(batch) L\(l) C\(c) ctx \(s)×\(d)", module: tb, input: x, peak: peak.gflops) {
            tb($0, context: context)
        })
        return Report(machine: machine, library: Kernels.description, peak: peak, blocks: blocks)
    }
}
