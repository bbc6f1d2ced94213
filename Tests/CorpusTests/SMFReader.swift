/// A strict reader of Standard MIDI Files, written for the tests so the
/// writer's output is checked by an independent parser rather than by itself.
struct SMFReader {
    struct Event: Equatable {
        var tick: Int
        var status: UInt8
        var data: [UInt8]
        var channel: Int { Int(status & 0x0F) }
        var type: UInt8 { status & 0xF0 }
    }

    struct Track {
        var name: String = ""
        var events: [Event] = []
        var metas: [(tick: Int, type: UInt8, data: [UInt8])] = []
    }

    enum Failure: Error { case bad(String) }

    var format = 0
    var division = 0
    var tracks: [Track] = []

    init(_ bytes: [UInt8]) throws {
        var p = 0
        func u32() throws -> Int {
            guard p + 4 <= bytes.count else { throw Failure.bad("truncated at \(p)") }
            defer { p += 4 }
            return Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3])
        }
        func u16() throws -> Int {
            guard p + 2 <= bytes.count else { throw Failure.bad("truncated at \(p)") }
            defer { p += 2 }
            return Int(bytes[p]) << 8 | Int(bytes[p + 1])
        }
        func tag() throws -> String {
            guard p + 4 <= bytes.count else { throw Failure.bad("truncated at \(p)") }
            defer { p += 4 }
            return String(decoding: bytes[p..<p + 4], as: UTF8.self)
        }
        guard try tag() == "MThd", try u32() == 6 else { throw Failure.bad("no MThd") }
        format = try u16()
        let count = try u16()
        division = try u16()
        for _ in 0..<count {
            guard try tag() == "MTrk" else { throw Failure.bad("no MTrk") }
            let length = try u32()
            let end = p + length
            guard end <= bytes.count else { throw Failure.bad("track past the end") }
            var track = Track()
            var tick = 0
            var ended = false
            while p < end {
                var delta = 0
                for _ in 0..<4 {
                    let b = bytes[p]; p += 1
                    delta = delta << 7 | Int(b & 0x7F)
                    if b & 0x80 == 0 { break }
                }
                tick += delta
                let status = bytes[p]; p += 1
                guard status & 0x80 != 0 else { throw Failure.bad("running status or stray data byte at \(p - 1)") }
                guard !ended else { throw Failure.bad("event after End of Track") }
                if status == 0xFF {
                    let type = bytes[p]; p += 1
                    let n = Int(bytes[p]); p += 1
                    let data = Array(bytes[p..<p + n]); p += n
                    if type == 0x2F { ended = true }
                    if type == 0x03 { track.name = String(decoding: data, as: UTF8.self) }
                    track.metas.append((tick, type, data))
                } else {
                    let n = (status & 0xF0 == 0xC0 || status & 0xF0 == 0xD0) ? 1 : 2
                    let data = Array(bytes[p..<p + n]); p += n
                    guard data.allSatisfy({ $0 < 0x80 }) else { throw Failure.bad("data byte ≥ 0x80") }
                    track.events.append(Event(tick: tick, status: status, data: data))
                }
            }
            guard p == end, ended else { throw Failure.bad("track length or End of Track wrong") }
            tracks.append(track)
        }
        guard p == bytes.count else { throw Failure.bad("bytes after the last track") }
    }
}
