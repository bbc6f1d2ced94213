import ArgumentParser
import Engine
import Foundation

/// Runs a command's work; a failure prints as one line on standard error and
/// exits with status 1 — never a crash, never a stack trace.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as ExitCode { throw e } catch {
        printError(describeError(error))
        throw ExitCode(1)
    }
}

func reportingErrors(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let e as ExitCode { throw e } catch {
        printError(describeError(error))
        throw ExitCode(1)
    }
}

/// One line on standard error, prefixed like every error of the command.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("dreamstyler: \(message)\n".utf8))
}

/// Prints a report as pretty, key-sorted JSON (the `--json` of every bench command).
func printJSON<T: Encodable>(_ value: T) throws {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try enc.encode(value), as: UTF8.self))
}
