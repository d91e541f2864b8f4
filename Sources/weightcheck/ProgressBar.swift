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
            let width = 20
            let filled = Int(fraction * Double(width))
            let elapsed = now - s.start
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let left = done >= total ? "" : rate > 0 ? "  \(Self.minutesSeconds(eta)) left" : ""
            return String(format: "\r%@ %@ %3.0f%%  %@ / %@  %.2f GB/s%@\u{1B}[K", label, bar, fraction * 100,
                          Fmt.bytes(done), Fmt.bytes(total), rate / 1e9, left)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// `m:ss` (`h:mm:ss` past an hour), as rsync and pv show time left.
    static func minutesSeconds(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }

    /// Clears the bar's line.
    func finish() {
        let drawn = state.withLock { $0.drawn }
        if enabled && drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
