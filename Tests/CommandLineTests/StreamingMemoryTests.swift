import EngineTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Streaming a long file must not hold it in memory. Measured on a process of its own
/// (the binary's peak resident set from wait4), because the test process's own peak
/// also counts every test running beside this one.
struct StreamingMemoryTests {
    /// 16-bit PCM WAV of a 440 Hz sine at half scale.
    func writeSine(_ url: URL, seconds: Int, rate: Int, channels: Int) throws {
        let frames = seconds * rate
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + 2 * channels * frames)
        d.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16)
        u16(1); u16(channels); u32(rate); u32(rate * 2 * channels); u16(2 * channels); u16(16)
        d.append(contentsOf: Array("data".utf8)); u32(2 * channels * frames)
        var pcm = [Int16](repeating: 0, count: frames * channels)
        for i in 0..<frames {
            let v = Int16(16_383 * sin(2 * Double.pi * 440 * Double(i) / Double(rate)))
            for c in 0..<channels { pcm[i * channels + c] = v }
        }
        pcm.withUnsafeBytes { d.append(contentsOf: $0) }
        try d.write(to: url)
    }

    /// Peak resident MB of one run of the binary.
    func peakMB(_ args: [String]) throws -> Double {
        var pid: pid_t = 0
        let argv = ([Dreamstyler.binary] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawn(&pid, Dreamstyler.binary, &actions, nil, argv, environ) == 0 else { throw POSIXError(.ENOEXEC) }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw POSIXError(.ECHILD) }
        #expect(status == 0, "dreamstyler \(args.joined(separator: " ")) exited with \(status)")
        return Double(usage.ru_maxrss) / 1024   // kilobytes on Linux
    }

    @Test func aTenMinuteFileStreamsInSmallMemory() throws {
        let folder = Fixtures.temporaryFolder("stream")
        let long = folder.appendingPathComponent("long.wav"), short = folder.appendingPathComponent("short.wav")
        // 48 kHz stereo: decoded whole, its interleaved floats alone would be 230 MB.
        try writeSine(long, seconds: 600, rate: 48_000, channels: 2)
        try writeSine(short, seconds: 1, rate: 48_000, channels: 2)
        let baseline = try peakMB(["audio", "info", short.path])
        let streamed = try peakMB(["audio", "info", long.path])
        #expect(streamed - baseline < 100, "audio info of 10 minutes peaked at \(streamed) MB, of 1 s at \(baseline) MB")
        try? FileManager.default.removeItem(at: folder)
    }
}
