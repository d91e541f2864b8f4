// TerminalWidth: the columns human output may use — COLUMNS when set, else the terminal's own width from the
// TIOCGWINSZ ioctl on stdout (then stderr), else no limit (a pipe or a file).
import Foundation

enum TerminalWidth {
    /// The narrowest width honoured: below it tables would be unreadable anyway.
    static let minimum = 40

    /// COLUMNS, else the width of the terminal on stdout or stderr; nil when neither says.
    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let text = environment["COLUMNS"], let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 {
            return max(minimum, n)
        }
        for fd in [Int32(1), 2] where isatty(fd) != 0 {
            if let n = ioctlColumns(fd) { return max(minimum, n) }
        }
        return nil
    }

    private static func ioctlColumns(_ fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
