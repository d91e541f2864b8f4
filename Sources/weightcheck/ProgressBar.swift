// ProgressBar: a one-line bar on stderr for long work, redrawn at most ten times a second, shown only when
// stderr is a terminal (or `--progress` forces it, as `pv -f` does) and `--no-progress` is not given. For a
// scan it says, as `rsync --info=progress2`, `pv` and the `hf` CLI do, where the whole run stands:
//   verify  45% 1.20 GB/2.66 GB 0.58 GB/s 0:12 left 3/18 files  model-00004-of-00…-Q4_K_M.gguf
// fitted to the terminal's width: a bar (up to 20 columns) where the whole name leaves room for it, else the
// file's name cut in the middle.
import Foundation
import WeightCheck

final class ProgressBar: Sendable {
    private let enabled: Bool
    private let label: String
    private let width: Int
    private let state = Locked(Drawn())

    /// What the bar last drew, and when.
    private struct Drawn {
        var last = 0.0, start = 0.0
        var drawn = false
        /// The last frame's progress (a frame behind it, from a thread that reports late, is not drawn).
        var shown = ScanProgress(bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0)
    }

    init(console: Console, args: ParsedArguments, label: String) {
        enabled = (console.stderrIsTerminal || args.flag("--progress")) && !args.flag("--no-progress")
        self.label = label
        width = TerminalWidth.columns() ?? 80
        let now = Sys.now()
        state.withLock { $0.start = now }
    }

    /// Reports progress in bytes only; cheap when nothing needs drawing.
    func update(done: Int, total: Int) {
        update(ScanProgress(bytesDone: done, bytesTotal: total, filesDone: 0, filesTotal: 0))
    }

    /// Reports where a scan stands; cheap when nothing needs drawing.
    func update(_ p: ScanProgress) {
        guard enabled, p.bytesTotal > 0 || p.filesTotal > 0 else { return }
        let now = Sys.now()
        let finished = p.bytesDone >= p.bytesTotal && p.filesDone >= p.filesTotal
        // Drawn under the lock, and never behind the last frame of the same totals: the scan's threads report at
        // once, and a frame written after the lock was let go, or a snapshot taken before a later one, could land
        // last (the bar then ended on 28% where the run had reached 100%).
        state.withLock { s in
            guard now - s.last >= 0.1 || finished else { return }
            let old = s.shown
            if s.drawn && p.bytesTotal == old.bytesTotal && p.filesTotal == old.filesTotal
                && (p.bytesDone < old.bytesDone || p.filesDone < old.filesDone) { return }
            s.last = now
            s.drawn = true
            s.shown = p
            let line = "\r" + Self.line(p, label: label, elapsed: now - s.start, width: width) + "\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// The bar's text, at most `width` columns (one less, so the cursor never wraps).
    static func line(_ p: ScanProgress, label: String, elapsed: Double, width: Int) -> String {
        let fraction = p.bytesTotal > 0 ? min(1, Double(p.bytesDone) / Double(p.bytesTotal)) : 1
        let rate = elapsed > 0 ? Double(p.bytesDone) / elapsed : 0
        let eta = rate > 0 ? Double(p.bytesTotal - p.bytesDone) / rate : 0
        let percent = String(format: "%3.0f%%", fraction * 100)
        var facts = "\(Fmt.bytes(p.bytesDone))/\(Fmt.bytes(p.bytesTotal)) " + String(format: "%.2f GB/s", rate / 1e9)
        if p.bytesDone < p.bytesTotal && rate > 0 { facts += " \(minutesSeconds(eta)) left" }
        if p.filesTotal > 0 { facts += " \(p.filesDone)/\(p.filesTotal) file\(p.filesTotal == 1 ? "" : "s")" }
        let room = width - 1
        let available = room - (label.count + 1 + percent.count + 1 + facts.count)
        // The file's name comes before the bar: the bar only gets what the whole name leaves (up to 20), and
        // without room for both the name is cut in the middle and the bar dropped.
        var name = ""
        var barWidth = min(20, available - 1)
        if let current = p.current, p.filesDone < p.filesTotal {
            let shown = TerminalText.escape(Paths.name(current))
            barWidth = min(20, available - 2 - shown.count - 1)
            if barWidth < 5 { barWidth = 0 }
            let space = available - 2 - (barWidth > 0 ? barWidth + 1 : 0)
            if space >= 10 { name = "  " + Terminal.trimMiddle(shown, to: space) }
        }
        var bar = ""
        if barWidth >= 5 {
            let filled = Int(fraction * Double(barWidth))
            bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + " "
        }
        let text = "\(label) \(percent) \(bar)\(facts)\(name)"
        return text.count > room ? Terminal.trimEnd(text, to: room) : text
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
