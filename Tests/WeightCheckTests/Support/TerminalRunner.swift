// TerminalRunner: runs the built `weightcheck` with a chosen environment (COLUMNS, NO_COLOR, TERM), with stdout
// on a file (a pipe, as far as the tool can tell) or on a pseudo-terminal of a given width.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum TerminalRunner {
    /// The environment of the tests without the variables that change the output's look, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["COLUMNS", "NO_COLOR", "TERM", "LINES"] { env[key] = nil }
        return env.merging(extra) { $1 }
    }

    /// Runs with stdout on a file.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CLIResult {
        let binary = try CLIRunner.requireBinary()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = TestData.root
        p.environment = environment(extra)
        let dir = TemporaryDirectory()
        let outPath = dir.write("stdout", []), errPath = dir.write("stderr", [])
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        p.waitUntilExit()
        return CLIResult(status: p.terminationStatus,
                         stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                         stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self),
                         crashed: p.terminationReason == .uncaughtSignal)
    }

    /// Whether this platform and machine give pseudo-terminals (`runOnTerminal` returns nil elsewhere).
    static var canOpenTerminal: Bool {
        #if canImport(Glibc)
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        if fd >= 0 { close(fd) }
        return fd >= 0
        #else
        return false
        #endif
    }

    /// Runs with stdout on a pseudo-terminal `columns` wide; nil where no pseudo-terminal can be opened.
    /// The terminal's output is read as it comes (so the child never blocks) until the child has exited.
    static func runOnTerminal(_ arguments: [String], columns: UInt16 = 80,
                              environment extra: [String: String] = [:]) throws -> CLIResult? {
        #if canImport(Glibc)
        let binary = try CLIRunner.requireBinary()
        // posix_openpt and friends are not imported into Swift: /dev/ptmx and the Linux ioctls they wrap.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { return nil }
        defer { close(master) }
        var unlock: Int32 = 0, number: UInt32 = 0
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else { return nil }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { return nil }
        var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        var attributes = termios()
        if tcgetattr(slave, &attributes) == 0 {  // no "\n" → "\r\n", so the text reads back as written
            attributes.c_oflag &= ~tcflag_t(OPOST)
            _ = tcsetattr(slave, TCSANOW, &attributes)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = TestData.root
        p.environment = environment(extra)
        let dir = TemporaryDirectory()
        let errPath = dir.write("stderr", [])
        p.standardOutput = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        close(slave)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {  // EIO once the child has closed its end
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        p.waitUntilExit()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: bytes, as: UTF8.self),
                         stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self),
                         crashed: p.terminationReason == .uncaughtSignal)
        #else
        return nil
        #endif
    }

    /// Columns a line takes on screen (ANSI escape sequences take none).
    static func visibleWidth(_ line: Substring) -> Int {
        var n = 0
        var inEscape = false
        for scalar in line.unicodeScalars {
            if inEscape { if scalar == "m" { inEscape = false } } else if scalar == "\u{1B}" { inEscape = true } else { n += 1 }
        }
        return n
    }

    /// The lines of `text` wider than `columns`.
    static func overlong(_ text: String, columns: Int) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { visibleWidth($0) > columns }
    }
}
