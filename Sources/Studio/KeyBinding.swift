/// A key (or a few keys) a panel answers to, and how people are told about it.
///
/// Each panel lists its bindings once (`static let keys`); its key handler looks the command
/// up there, its footer and the help screen print the same list, so what the screen says
/// and what a key does cannot drift apart.
public struct KeyBinding<Command: Sendable>: Sendable {
    public let keys: [Key]
    /// The keys as the screen writes them: "a", "↑ k", "Enter".
    public let label: String
    /// What the keys do, in a few words.
    public let action: String
    public let command: Command
    /// Shown in the panel's footer; the help screen shows every binding.
    public let inFooter: Bool

    public init(_ keys: [Key], _ label: String, _ action: String, _ command: Command, footer: Bool = true) {
        self.keys = keys; self.label = label; self.action = action; self.command = command; self.inFooter = footer
    }

    /// "a add"
    public var text: String { "\(label) \(action)" }
}

/// A binding without its command: what the help screen needs from any panel.
public struct KeyHelp: Equatable, Sendable {
    public let label: String
    public let action: String
    public let inFooter: Bool
}

extension Array {
    /// The command bound to `key`, if any.
    func command<C>(for key: Key) -> C? where Element == KeyBinding<C> {
        first { $0.keys.contains(key) }?.command
    }

    /// The footer line: the footer bindings, "a add · l learn · …".
    func footer<C>() -> String where Element == KeyBinding<C> {
        filter(\.inFooter).map(\.text).joined(separator: " · ")
    }

    func help<C>() -> [KeyHelp] where Element == KeyBinding<C> {
        map { KeyHelp(label: $0.label, action: $0.action, inFooter: $0.inFooter) }
    }
}
