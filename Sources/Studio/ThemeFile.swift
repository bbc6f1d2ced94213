/// The part of TOML a theme uses, read by the studio itself: comments, `key = value`,
/// `[table]` headers, and values that are strings, integers, booleans or one-line inline
/// tables of those. Anything else is refused with its line number. (A general TOML library,
/// toml++, aborted on some malformed files instead of reporting them; a theme needs so little
/// of TOML that a reader we can fuzz to the end is the safer part.)
import Foundation

enum ThemeFile {
    indirect enum Value: Equatable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case table([String: Value])

        var string: String? { if case .string(let s) = self { s } else { nil } }
        var integer: Int? { if case .integer(let n) = self { n } else { nil } }
        var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
        var table: [String: Value]? { if case .table(let t) = self { t } else { nil } }
    }

    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    /// The file's top-level table; each `[name]` section is a table in it.
    static func parse(_ text: String) throws(Failure) -> [String: Value] {
        var root: [String: Value] = [:]
        var section: String?
        var sectionValues: [String: Value] = [:]
        func close() {
            if let section { root[section] = .table(sectionValues) }
        }
        let lines = Array(text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false))
        for (index, rawLine) in lines.enumerated() {
            var cursor = Cursor(scalars: Array(rawLine.last == "\r" ? rawLine.dropLast() : rawLine[...]), line: index + 1)
            cursor.skipBlanks()
            if cursor.atEndOfLine { continue }
            if cursor.peek == "[" {
                cursor.advance()
                if cursor.peek == "[" { throw cursor.failure("arrays of tables ([[…]]) are not used in themes") }
                cursor.skipBlanks()
                let name = try cursor.key()
                cursor.skipBlanks()
                try cursor.expect("]", "a table header ends with ]")
                try cursor.expectEndOfLine()
                close()
                guard root[name] == nil else { throw cursor.failure("[\(name)] is defined twice") }
                section = name
                sectionValues = [:]
                continue
            }
            let (key, value) = try cursor.assignment()
            try cursor.expectEndOfLine()
            if section == nil {
                guard root[key] == nil else { throw cursor.failure("\(key) is set twice") }
                root[key] = value
            } else {
                guard sectionValues[key] == nil else { throw cursor.failure("\(key) is set twice") }
                sectionValues[key] = value
            }
        }
        close()
        return root
    }

    /// A position in one line.
    private struct Cursor {
        var scalars: [Unicode.Scalar]
        var line: Int
        var i = 0

        init(scalars: [Unicode.Scalar], line: Int) {
            self.scalars = scalars
            self.line = line
        }

        var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }
        var atEndOfLine: Bool { peek == nil || peek == "#" }
        mutating func advance() { i += 1 }

        func failure(_ reason: String) -> Failure { Failure(line: line, reason: reason) }

        mutating func skipBlanks() {
            while let c = peek, c == " " || c == "\t" { advance() }
        }

        mutating func expect(_ c: Unicode.Scalar, _ reason: String) throws(Failure) {
            guard peek == c else { throw failure(reason) }
            advance()
        }

        mutating func expectEndOfLine() throws(Failure) {
            skipBlanks()
            guard atEndOfLine else { throw failure("unexpected text after the value") }
        }

        /// `key = value`.
        mutating func assignment() throws(Failure) -> (String, Value) {
            let key = try self.key()
            skipBlanks()
            try expect("=", "expected `key = value`")
            skipBlanks()
            return (key, try value())
        }

        /// A bare key (letters, digits, `_`, `-`) or a quoted one.
        mutating func key() throws(Failure) -> String {
            if peek == "\"" || peek == "'" { return try quoted() }
            var s = String.UnicodeScalarView()
            while let c = peek, c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
                s.append(c)
                advance()
            }
            guard !s.isEmpty else { throw failure("expected a name") }
            if peek == "." { throw failure("dotted keys are not used in themes") }
            return String(s)
        }

        mutating func value() throws(Failure) -> Value {
            guard let c = peek else { throw failure("a value is missing") }
            switch c {
            case "\"", "'": return .string(try quoted())
            case "{": return .table(try inlineTable())
            case "[": throw failure("arrays are not used in themes")
            case "t", "f":
                let word = self.word()
                if word == "true" { return .bool(true) }
                if word == "false" { return .bool(false) }
                throw failure("'\(word)' is not a value (a string in quotes, a number, true or false)")
            default:
                let word = self.word()
                guard let n = Int(word.replacingOccurrences(of: "_", with: "")), !word.hasPrefix("_"), !word.hasSuffix("_") else {
                    throw failure("'\(word)' is not a value (a string in quotes, a whole number, true or false)")
                }
                return .integer(n)
            }
        }

        /// The characters up to a blank, a comma, a brace or a comment.
        mutating func word() -> String {
            var s = String.UnicodeScalarView()
            while let c = peek, c != " ", c != "\t", c != ",", c != "}", c != "#" {
                s.append(c)
                advance()
            }
            return String(s)
        }

        /// `{ key = value, … }` on one line, as TOML requires.
        mutating func inlineTable() throws(Failure) -> [String: Value] {
            advance()
            var t: [String: Value] = [:]
            skipBlanks()
            if peek == "}" { advance(); return t }
            while true {
                skipBlanks()
                let (key, value) = try assignment()
                guard t[key] == nil else { throw failure("\(key) is set twice") }
                t[key] = value
                skipBlanks()
                guard let c = peek else { throw failure("an inline table ends with } on the same line") }
                advance()
                if c == "}" { return t }
                guard c == "," else { throw failure("expected , or } in an inline table") }
            }
        }

        /// A basic string ("…", with escapes) or a literal one ('…').
        mutating func quoted() throws(Failure) -> String {
            let quote = peek!
            advance()
            var s = String.UnicodeScalarView()
            while let c = peek {
                advance()
                if c == quote { return String(s) }
                if c == "\\" && quote == "\"" {
                    s.append(try escape())
                } else {
                    guard c == "\t" || (c.value >= 0x20 && c.value != 0x7F) else { throw failure("a control character in a string") }
                    s.append(c)
                }
            }
            throw failure("a string is not closed on its line")
        }

        mutating func escape() throws(Failure) -> Unicode.Scalar {
            guard let c = peek else { throw failure("a string is not closed on its line") }
            advance()
            switch c {
            case "\"": return "\""
            case "\\": return "\\"
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "b": return "\u{8}"
            case "f": return "\u{C}"
            case "u", "U":
                let count = c == "u" ? 4 : 8
                var v: UInt32 = 0
                for _ in 0..<count {
                    guard let d = peek, d.isASCII, let digit = UInt32(String(d), radix: 16) else {
                        throw failure("\\\(c) needs \(count) hexadecimal digits")
                    }
                    v = v * 16 + digit
                    advance()
                }
                guard let scalar = Unicode.Scalar(v) else { throw failure("\\\(c) names no character") }
                return scalar
            default: throw failure("unknown escape \\\(c)")
            }
        }
    }
}
