// Entry point of the weightcheck command-line tool: hands the arguments to the dispatcher and exits with its code.
import Foundation

// A mapped file that shrinks while it is read (another program truncating it) raises SIGBUS on the next page
// touched. That is not a crash of ours: say what happened in one line and exit 1, as for any unreadable input.
signal(SIGBUS) { _ in
    let message = "Error: a file shrank while it was being read (truncated by another program?); no verdict\n"
    message.utf8CString.withUnsafeBufferPointer { buf in _ = write(2, buf.baseAddress, buf.count - 1) }
    _exit(1)
}

exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
