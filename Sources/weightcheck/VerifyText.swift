// VerifyText: `verify`'s human report fitted to the terminal — a line per weight file (its name cut in the
// middle), what proved its bytes, its findings wrapped under it, the folded other files, and a short verdict.
import Foundation
import WeightCheck

extension VerifyCommand {
    static func text(_ report: VerifyReport, verbose: Bool, quick: Bool, inputs: [String], style: OutputStyle,
                     console: Console) {
        func emit(_ text: String, indent: String = "", hang: String = "      ") {
            style.wrap(text, indent: indent, hang: hang).forEach(console.print)
        }
        for note in report.notes { emit("· \(note)", hang: "  ") }
        // Weight files, and any other file with a problem, get a line each; the rest fold into one line.
        var folded: [FileVerdict] = []
        for f in report.files {
            let shown = f.problems.filter { verbose || $0.severity != .note }
            if !verbose && !f.isWeightFile && shown.isEmpty {
                folded.append(f)
                continue
            }
            var facts: [String] = [f.format?.rawValue ?? "file", Fmt.bytes(f.size)]
            if f.isWeightFile { facts.append("\(Fmt.count(f.tensorCount)) tensors, \(Fmt.parameters(f.parameters)) parameters") }
            ReportLines.file(mark: f.ok ? style.green("✓") : style.red("✗"), path: f.path, facts: facts.joined(separator: ", "),
                     style: style).forEach(console.print)
            if !quick { emit(proofLine(f), indent: "    ") }
            for p in shown { ReportLines.finding(p, style: style).forEach(console.print) }
            let hidden = f.problems.count - shown.count
            if hidden > 0 { console.print("    · \(hidden) note\(hidden == 1 ? "" : "s") (--verbose lists them)") }
        }
        if !folded.isEmpty {
            let proved = folded.filter { $0.provedBy != nil }.count
            let names = folded.prefix(4).map { Self.lastComponent($0.path) }.joined(separator: ", ") + (folded.count > 4 ? ", …" : "")
            var line = "· \(folded.count) other file\(folded.count == 1 ? "" : "s") (\(names))"
            if !quick { line += ": \(proved) proved by a reference digest, \(folded.count - proved) without one" }
            emit(line + " (--verbose lists them)", hang: "  ")
        }
        for s in report.sets { s.text(into: console, style: style) }
        for p in report.layoutProblems {
            let mark = p.severity == .error ? style.red("✗") : style.yellow("!")
            ReportLines.file(mark: mark, path: Paths.display(p.file), facts: "", style: style).forEach(console.print)
            ReportLines.finding(p, style: style).forEach(console.print)
        }
        let verdict = verdictLines(report, quick: quick, width: style.width)
        for (i, line) in verdict.enumerated() {
            let painted = i > 0 ? line : line.hasPrefix("✓ OK") ? style.green("✓ OK") + line.dropFirst(4)
                : line.hasPrefix("✗ FAILED") ? style.red("✗ FAILED") + line.dropFirst(8) : line
            emit(painted, hang: "  ")
        }
        if let hint = manifestHint(report, quick: quick, inputs: inputs) { emit(hint, hang: "  ") }
    }

    /// For a folder that verified with no manifest and no cache or download metadata to mend it from: how
    /// `manifest create` would trace future damage to the tensor. Nil otherwise.
    static func manifestHint(_ report: VerifyReport, quick: Bool, inputs: [String]) -> String? {
        guard report.ok, !quick, report.files.contains(where: \.isWeightFile) else { return nil }
        let folders = inputs.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
        guard !folders.isEmpty else { return nil }
        let kinds = Set(report.files.flatMap(\.references).map(\.kind))
        guard kinds.isDisjoint(with: [.manifest, .hfBlob, .localDirMetadata]) else { return nil }
        let folder = folders.count == 1 ? TerminalText.escape(folders[0]) : "FOLDER"
        return "hint: 'weightcheck manifest create \(folder)' lets 'manifest check' trace future damage to the tensor"
    }

    /// What proved a file's bytes, or why nothing could.
    static func proofLine(_ f: FileVerdict) -> String {
        let sha = f.sha256.map { "sha256 \($0.prefix(16))…" } ?? "not read"
        if let r = f.provedBy {
            // The reference's source names it ("SHA256SUMS line 3", "the blob name"); a match proves every byte.
            if r.algorithm == .sha256 { return "\(sha) matches \(r.source): bit-exact" }
            return "\(sha); \(r.algorithm.displayName) matches \(r.source): bit-exact"
        }
        if !f.references.isEmpty { return "\(sha): does not match its reference" }
        return f.isWeightFile ? "\(sha) (no reference digest)" : "no reference digest: not read"
    }

    /// The verdict: a headline (`✓ OK: …` or `✗ FAILED: …` with the error and warning counts), then what it
    /// could not prove and how much was read, each on a line of its own.
    static func verdictLines(_ report: VerifyReport, quick: Bool, width: Int? = nil) -> [String] {
        let all = report.files.flatMap(\.problems) + report.sets.flatMap(\.findings) + report.layoutProblems
        let errors = all.filter { $0.severity == .error }.count
        let warnings = all.filter { $0.severity == .warning }.count
        let weights = report.files.filter(\.isWeightFile).count
        let others = report.files.count - weights
        let failed = report.files.filter { !$0.ok }.count
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var headline: String
        var more: [String] = []
        if report.ok {
            let proved = report.provedWeightFiles, unproved = report.unprovedWeightFiles
            let why = "no reference digest: cannot prove the bytes are the published ones"
            if quick {
                headline = "✓ OK: \(plural(weights, "weight file")) sound in structure"
            } else if weights == 0 {
                let intact = report.files.filter { $0.provedBy != nil }.count
                headline = "✓ OK: \(intact) of \(plural(others, "file")) intact"
                more.append("proved bit-exact against a reference digest")
            } else if unproved == 0 {
                headline = "✓ OK: \(plural(proved, "weight file")) intact"
                more.append("proved bit-exact against a reference digest")
            } else if proved == 0 {
                headline = "✓ OK: \(plural(unproved, "weight file")) sound in structure and numbers"
                more.append(why)
            } else {
                headline = "✓ OK: \(plural(proved, "weight file")) proved bit-exact; \(unproved) sound in structure and numbers only"
                more.append("for those \(unproved): " + why)
            }
            if others > 0 && weights > 0 { headline += "; \(plural(others, "other file"))" }
        } else if failed == 0 && report.files.isEmpty {
            headline = "✗ FAILED: nothing verified"
        } else if failed == 0 {
            headline = "✗ FAILED: the files read are sound, but files are missing or a shard set is incomplete"
        } else {
            headline = "✗ FAILED: \(failed) of \(plural(report.files.count, "file")) with problems"
        }
        let counts = "(\(plural(errors, "error")), \(plural(warnings, "warning")))"
        if let width, headline.count + 1 + counts.count > width {
            more.insert(counts, at: 0)  // the headline's own line stays whole
        } else {
            headline += " " + counts
        }
        if quick {
            more.append("structure only (--quick): no digests, no values")
        } else if report.bytesScanned >= meaningfulBytes {
            more.append("\(Fmt.bytes(report.bytesScanned)) read in \(Fmt.duration(report.seconds)) "
                        + "(\(Fmt.rate(bytes: report.bytesScanned, seconds: report.seconds)))")
        }
        return [headline] + more.map { "  " + $0 }
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
