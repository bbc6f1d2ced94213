import Foundation

/// The process's memory as Linux reports it.
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in MB; 0 where /proc is not available.
    public static func peakResidentMB() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
}
