/// The keys of the dialogs over the panels, listed once for their handlers and for the lines
/// the dialogs show.
enum DialogKeys {
    enum Quit: Sendable { case finish, stop, stay }

    static let quit: [KeyBinding<Quit>] = [
        KeyBinding([.char("f")], "f", "finish it in the background, then quit", .finish),
        KeyBinding([.char("s")], "s", "stop it now (resumable later) and quit", .stop),
        KeyBinding([.escape, .char("c")], "Esc", "stay in the studio", .stay),
    ]

    enum Confirm: Sendable { case yes, no }

    static let confirm: [KeyBinding<Confirm>] = [
        KeyBinding([.char("y"), .char("Y")], "y", "yes", .yes),
        KeyBinding([.char("n"), .char("N"), .escape, .char("q")], "n", "no", .no),
    ]

    enum Input: Sendable { case accept, cancel, erase, complete }

    static let input: [KeyBinding<Input>] = [
        KeyBinding([.enter], "Enter", "accepts", .accept),
        KeyBinding([.escape], "Esc", "cancels", .cancel),
        KeyBinding([.backspace], "Backspace", "erases", .erase, footer: false),
        // Only the add-concept line takes a file path; its label says so.
        KeyBinding([.tab], "Tab", "completes the path", .complete, footer: false),
    ]
}
