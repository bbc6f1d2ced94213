import Engine
import GRDB

/// SQLite's failures as a person reads them: what happened to the library, not the statement
/// that was running.
extension DatabaseError: PlainlyDescribed {
    public var plainDescription: String {
        switch resultCode {
        case .SQLITE_FULL: return "the library database: the disk is full"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "the library database is busy (another dreamstyler is writing to it); try again"
        case .SQLITE_READONLY: return "the library database is read-only"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "the library database is damaged (not a readable SQLite file)"
        case .SQLITE_IOERR: return "the library database: a read or write failed (\(message ?? "I/O error"))"
        case .SQLITE_CANTOPEN: return "the library database cannot be opened (\(message ?? "no access"))"
        case .SQLITE_CONSTRAINT: return "the library refused a record: \(message ?? "a constraint failed")"
        default: return "the library database: \(message ?? description)"
        }
    }
}
