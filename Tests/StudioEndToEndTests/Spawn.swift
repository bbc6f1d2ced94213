import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and waits for it, with nothing of this process inherited but
/// /dev/null and `stdout`, with every signal unblocked and at its default.
///
/// Not Foundation's `Process`: its child keeps one end of a socket by which the
/// parent learns of the exit, and the tmux client forks its server with that end
/// still open, so `waitUntilExit` would last as long as the tmux server does.
func spawnAndWait(_ argv: [String], stdout: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    guard closeFrom3(&actions) else { throw SpawnError(message: "cannot close inherited descriptors: glibc lacks posix_spawn_file_actions_addclosefrom_np") }

    // The calling thread may block signals (Dispatch's workers do); a tmux server
    // started with them blocked never sees its panes exit and cannot be killed.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t(), all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    var pid = pid_t()
    let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, environ)
    guard rc == 0 else { throw SpawnError(message: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

struct SpawnError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// glibc ≥ 2.34 has the call, but its header hides it from Swift's Glibc module.
private func closeFrom3(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>) -> Bool {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return false }
    return unsafeBitCast(symbol, to: CloseFrom.self)(actions, 3) == 0
}
