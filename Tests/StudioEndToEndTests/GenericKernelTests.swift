import Foundation
import Testing

/// The engine on a CPU without AVX-512 or AVX2, simulated by limiting oneDNN's
/// kernels in a process of its own (the limit holds only before a process's first
/// GEMM, so it cannot be tested inside the test process).
@Suite struct GenericKernelTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StudioInTmuxTests.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test(arguments: ["sse41", "avx2"])
    func gemmIsRightOnOlderKernels(isa: String) throws {
        #expect(FileManager.default.isExecutableFile(atPath: StudioInTmuxTests.binary), "build first: swift build -c release")
        let (status, text) = try run(["bench", "engine", "--check", "--max-isa", isa], environment: ["DREAMSTYLER_THREADS": "1"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("\(isa) kernels"), "\(text)")
        #expect(text.contains(": ok"), "\(text)")
    }

    @Test func aFallbackIsNeverSilent() throws {
        // Only meaningful where the CPU has something better than SSE4.1 to fall back from.
        let (_, best) = try run(["bench", "engine", "--check"])
        guard !best.contains("best for this CPU: sse41") else { return }
        // DNNL_MAX_CPU_ISA set by hand counts as on purpose; what counts is that the report says so.
        let (status, text) = try run(["bench", "engine", "--check"], environment: ["DNNL_MAX_CPU_ISA": "SSE41"])
        #expect(status == 0)
        #expect(text.contains("sse41 kernels") && text.contains("best for this CPU"), "\(text)")
    }
}
