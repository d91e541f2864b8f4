// Console: where output goes — buffered stdout for reports, stderr for diagnostics and the progress bar —
// and the exit codes of the CLI contract.
import Foundation
import WeightCheck

/// Exit codes shared by every command.
enum ExitCode {
    static let ok: Int32 = 0
    static let problem: Int32 = 1
    static let usage: Int32 = 64
}

/// Writes human text and JSON to stdout, diagnostics to stderr.
final class Console: @unchecked Sendable {
    // @unchecked Sendable: the buffer is guarded by `lock`; writes from progress callbacks go to stderr only.
    private var buffer: [UInt8] = []
    private let lock = NSLock()
    /// Whether stderr is a terminal (progress bars and colours only then).
    let stderrIsTerminal = isatty(2) != 0
    /// Whether stdout is a terminal.
    let stdoutIsTerminal = isatty(1) != 0

    /// Appends a line to stdout. Control characters other than line ends are shown escaped
    /// (`TerminalText.sanitizeOutput`), so no renderer can pass a file's escape sequences to the terminal.
    func print(_ line: String = "") {
        let line = Terminal.sanitizeKeepingStyle(line)  // OutputStyle's colour codes pass
        lock.lock(); defer { lock.unlock() }
        buffer += Array(line.utf8)
        buffer.append(10)
        if buffer.count > 1 << 16 { flushLocked() }
    }

    /// Appends a checksum-list line to stdout: escaped as `print` escapes when stdout is a terminal, byte for
    /// byte otherwise, so a list written to a file or a pipe reads back (as `sha256sum` writes names raw).
    func printListLine(_ line: String) {
        guard !stdoutIsTerminal else { return print(line) }
        lock.lock(); defer { lock.unlock() }
        buffer += Array(line.utf8)
        buffer.append(10)
        if buffer.count > 1 << 16 { flushLocked() }
    }

    /// Writes a line to stderr at once, escaped as `print` escapes.
    func error(_ line: String) {
        flush()
        FileHandle.standardError.write(Data((TerminalText.sanitizeOutput(line) + "\n").utf8))
    }

    /// Reports an error on stderr in the one form every command uses: `Error: MESSAGE`.
    func fail(_ message: String) { error("Error: " + message) }

    /// Reports a warning on stderr: `Warning: MESSAGE`.
    func warn(_ message: String) { error("Warning: " + message) }

    /// Writes raw text to stderr (progress bar), no newline.
    func status(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes everything buffered for stdout.
    func flush() {
        lock.lock(); defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
