import ArgumentParser
import Foundation

/// Checks of the command line's values shared by subcommands, each failing with one line that
/// names the option, the value and what is accepted — run in `validate()`, before any work.
enum InputChecks {
    /// An integer option within `range`.
    static func int(_ value: Int, _ option: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else { throw ValidationError("\(option) \(value): must be \(describe(range))") }
    }

    /// A real option that is a number (not NaN or infinite) within `range`.
    static func real<T: BinaryFloatingPoint>(_ value: T, _ option: String, in range: ClosedRange<T>) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(option) \(value): must be a number from \(Double(range.lowerBound).formatted()) to \(Double(range.upperBound).formatted())")
        }
    }

    /// A learning rate: a finite number above 0 and at most 1.
    static func rate(_ value: Float, _ option: String) throws {
        guard value.isFinite, value > 0, value <= 1 else { throw ValidationError("\(option) \(value): must be a number above 0 and at most 1") }
    }

    static func describe(_ r: ClosedRange<Int>) -> String { "\(r.lowerBound)–\(r.upperBound)" }

    /// Audio the product writes: WAV or FLAC, by the file's extension (anything else would be WAV data under a wrong name).
    static func audioOutput(_ path: String, _ option: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard ext == "wav" || ext == "flac" else {
            throw ValidationError("\(option) \(path): only .wav and .flac files are written" + (ext.isEmpty ? "" : ", not .\(ext)"))
        }
    }

    /// A file of UTF-8 text that exists: a binary file or a folder is refused rather than read as garbage.
    static func textFile(_ path: String, _ option: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("\(option) \(path): no such file") }
        guard !isDirectory.boolValue else { throw ValidationError("\(option) \(path): a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(option) \(path): cannot be read") }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(option) \(path): not a text file (UTF-8 expected)")
        }
        return text
    }
}
