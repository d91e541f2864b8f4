// InputFile: reads a file named on the command line (a checksum list, a tensor map): a path, `-` for stdin,
// or anything `read(2)` can read to its end (/dev/stdin, a pipe, `<(…)`), with the system's reason when it cannot.
import Foundation
import WeightCheck

enum InputFile {
    /// Why the file could not be read: the system's reason (`no such file or folder`).
    struct Failure: Error {
        let text: String
    }

    /// The largest file read (a checksum list of a million files is about 100 MB).
    static let maximumBytes = 1 << 30

    /// All bytes of `path` (`-`: standard input).
    static func read(_ path: String) -> Result<[UInt8], Failure> {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            var st = stat()
            if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return .failure(reason(EISDIR)) }
            var opened: Int32
            repeat { opened = open(path, O_RDONLY | O_CLOEXEC) } while opened < 0 && errno == EINTR
            guard opened >= 0 else { return .failure(reason(errno)) }
            fd = opened
        }
        defer { if fd != 0 { close(fd) } }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                out += chunk[0..<n]
                if out.count > maximumBytes { return .failure(Failure(text: "larger than 1 GiB; not read")) }
            } else if n == 0 {
                return .success(out)
            } else if errno != EINTR {
                return .failure(reason(errno))
            }
        }
    }

    private static func reason(_ code: Int32) -> Failure { Failure(text: SystemError.reason(code)) }
}
