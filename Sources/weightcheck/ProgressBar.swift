// ProgressBar: a one-line bar on stderr for long work, redrawn at most ten times a second, shown only when
// stderr is a terminal and `--no-progress` is not given.
import Foundation
import WeightCheck

final class ProgressBar: Sendable {
    private let enabled: Bool
    private let label: String
    private let state = Locked<(last: Double, start: Double, drawn: Bool)>((0, 0, false))

    init(console: Console, args: ParsedArguments, label: String) {
        enabled = console.stderrIsTerminal && !args.flag("--no-progress")
        self.label = label
        let now = Sys.now()
        state.withLock { $0 = (0, now, false) }
    }

    /// Reports progress; cheap when nothing needs drawing.
    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let now = Sys.now()
        let line: String? = state.withLock { s in
            guard now - s.last >= 0.1 || done >= total else { return nil }
            s.last = now
            s.drawn = true
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            let elapsed = now - s.start
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            return String(format: "\r%@ %@ %3.0f%%  %@  %.2f GB/s  eta %@ \u{1B}[K", label, bar, fraction * 100,
                          Fmt.bytes(done), rate / 1e9, Fmt.duration(eta))
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Clears the bar's line.
    func finish() {
        let drawn = state.withLock { $0.drawn }
        if enabled && drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
