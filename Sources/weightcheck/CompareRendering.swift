// CompareRendering: the text and JSON forms of a CompareReport — a table worst first, the reasons of each failure,
// summaries per storage type and per layer, the unmatched names; JSON in the shape the issue fixes.
import Foundation
import WeightCheck

enum CompareRendering {
    // MARK: - Text

    /// Which tensors the table lists.
    enum Selection {
        /// Failures, then the worst few passing tensors of each type (exact copies left to the summaries).
        case summary
        /// Failures only.
        case failed
        /// Every matched tensor.
        case all
    }

    /// Failures whose reasons are spelled out by default.
    static let reasonsListed = 8

    /// Passing tensors listed per type by default.
    static let worstPerType = 3

    /// The rows the table lists for `selection`, worst first.
    static func rows(_ report: CompareReport, _ selection: Selection) -> [TensorComparison] {
        let worst = report.worstFirst
        switch selection {
        case .all: return worst
        case .failed: return worst.filter { !$0.ok }
        case .summary:
            var shown: [ElementType: Int] = [:]
            return worst.filter { t in
                if !t.ok { return true }
                if t.figures?.relativeRMSE == 0 { return false }  // exact copies: the by-type summary counts them
                shown[t.type, default: 0] += 1
                return shown[t.type]! <= worstPerType
            }
        }
    }

    static func text(_ report: CompareReport, threads: Int, selection: Selection = .summary,
                     style: OutputStyle = .plain, console: Console) {
        func say(_ text: String, indent: String = "") { style.wrap(text, indent: indent).forEach(console.print) }
        for (label, side) in [("reference", report.reference), ("candidate", report.candidate)] {
            var line = "\(label)  \(side.path)  (\(side.layout), \(side.tensorCount) tensors"
            if let a = side.architectureName { line += ", \(a)" }
            say(line + ")")
            for note in side.notes { say(style.yellow("note:") + " \(note)", indent: "  ") }
        }
        for note in report.notes { say(style.yellow("note:") + " \(note)") }
        console.print()
        let listed = rows(report, selection)
        if !listed.isEmpty {
            var table = TextTable(["tensor", "reference", "type", "cosine", "rel rmse", "snr dB", "rmse", "max abs", "result"],
                                  alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .left])
            table.trimmable = 0
            table.droppable = [1, 6, 7, 5]
            for t in listed {
                let f = t.figures
                table.add([TerminalText.escape(t.candidate), t.reference == t.candidate ? "=" : TerminalText.escape(t.reference),
                           t.type.name,
                           f.map { cosine($0.cosine) } ?? "-", f.map { Fmt.number($0.relativeRMSE) } ?? "-",
                           f?.formattedSNR ?? "-", f.map { Fmt.number($0.rmse) } ?? "-",
                           f.map { Fmt.number($0.maxAbs) } ?? "-", t.ok ? "ok" : "FAIL"],
                          paint: t.ok ? [:] : [8: style.red])
            }
            for line in table.render(width: style.width) { console.print(line) }
            let hidden = report.tensors.count - listed.count
            if hidden > 0 {
                let what = selection == .failed ? "passing tensors not listed" : "more tensors pass, not listed"
                console.print(style.dim("… \(hidden) \(what) (--all lists every tensor)"))
            }
            console.print()
        }
        if !report.swaps.isEmpty {
            console.print(style.red("swapped:"))
            for s in report.swaps { say(TerminalText.escape(s.description), indent: "  ") }
            console.print()
        }
        let failures = report.failures
        if !failures.isEmpty {
            console.print(style.red("failed:"))
            let shown = selection == .summary ? Array(failures.prefix(reasonsListed)) : failures
            for t in shown {
                say(TerminalText.escape("\(t.candidate): " + t.reasons.joined(separator: "; ")), indent: "  ")
            }
            if shown.count < failures.count {
                console.print(style.dim("  … \(failures.count - shown.count) more (--failed gives every reason)"))
            }
            if failures.count >= 4 && failures.count * 2 > report.tensors.count {
                say(style.yellow("note:") + " most tensors fail: is the reference the model this candidate was made from?",
                    indent: "  ")
            }
            console.print()
        }
        let layers = selection == .all ? report.summaryByLayer : report.summaryByLayer.filter { $0.failed > 0 }
        for (title, key, rows) in [("by type", "type", report.summaryByType),
                                   (selection == .all ? "by layer" : "layers with failures", "layer", layers)]
        where !rows.isEmpty {
            console.print(title)
            var table = TextTable([key, "tensors", "failed", "mean cos", "worst cos", "mean rel", "worst rel"],
                                  alignments: [.left, .right, .right, .right, .right, .right, .right])
            table.droppable = [5, 3]
            for s in rows {
                table.add([s.key, String(s.tensors), String(s.failed), s.meanCosine.map(cosine) ?? "-",
                           s.worstCosine.map(cosine) ?? "-", s.meanRelativeRMSE.map(Fmt.number) ?? "-",
                           s.worstRelativeRMSE.map(Fmt.number) ?? "-"], paint: s.failed > 0 ? [2: style.red] : [:])
            }
            for line in table.render(indent: "  ", width: style.width) { console.print(line) }
            console.print()
        }
        for (side, names) in [("reference", report.unmatchedReference), ("candidate", report.unmatchedCandidate)]
        where !names.isEmpty {
            let shown = selection == .all ? names : Array(names.prefix(reasonsListed))
            say("unmatched \(side) tensors (\(names.count), not compared): " + shown.map(TerminalText.escape).joined(separator: ", ")
                + (shown.count < names.count ? ", … \(names.count - shown.count) more (--all lists them)" : ""))
        }
        if report.tensors.isEmpty {
            say(style.verdict("FAIL: no tensor of the candidate matched the reference"))
        } else if failures.isEmpty {
            say(style.verdict("OK: all \(report.tensors.count) matched tensors within the expected error of their types"))
        } else {
            say(style.verdict("FAIL: \(failures.count) of \(report.tensors.count) matched tensors outside the expected "
                              + "error of their types"))
        }
        let rate = report.bytesCompared >= VerifyCommand.meaningfulBytes  // no speed from a small read
            ? Fmt.rate(bytes: report.bytesCompared, seconds: report.seconds) + ", " : ""
        say("compared \(Fmt.bytes(report.bytesCompared)) in \(Fmt.duration(report.seconds)) "
            + "(\(rate)\(threads) thread\(threads == 1 ? "" : "s"))")
    }

    /// Cosines live near 1: seven decimals tell Q8_0 (0.99997) from Q4_0 (0.996).
    static func cosine(_ x: Double) -> String { String(format: "%.7f", x) }

    // MARK: - JSON

    static func json(_ report: CompareReport) -> JSONValue {
        var doc: JSONObject = [
            "ok": .bool(report.ok),
            "reference": .string(report.reference.path),
            "candidate": .string(report.candidate.path),
            "architecture": report.architecture.map { .string($0.rawValue) } ?? .null,
            "tensors": .array(report.tensors.map(tensor)),
            "unmatched_reference": JSONValue(report.unmatchedReference),
            "unmatched_candidate": JSONValue(report.unmatchedCandidate),
        ]
        doc["summary"] = ["by_type": .array(report.summaryByType.map(summary)),
                          "by_layer": .array(report.summaryByLayer.map(summary))]
        doc["sources"] = ["reference": source(report.reference), "candidate": source(report.candidate)]
        doc["notes"] = JSONValue(report.notes)
        doc["swaps"] = .array(report.swaps.map(swap))
        doc["bytes"] = JSONValue(report.bytesCompared)
        doc["seconds"] = .number(report.seconds)
        return .object(doc)
    }

    private static func tensor(_ t: TensorComparison) -> JSONValue {
        let f = t.figures
        return [
            "reference": .string(t.reference), "candidate": .string(t.candidate), "type": .string(t.type.name),
            "rmse": number(f?.rmse), "max_abs": number(f?.maxAbs), "cosine": number(f?.cosine),
            "snr_db": number(f?.snrDB), "ok": .bool(t.ok),
            "relative_rmse": number(f?.relativeRMSE), "count": f.map { JSONValue($0.count) } ?? .null,
            "reference_type": .string(t.referenceType.name), "reasons": JSONValue(t.reasons),
            "layer": t.layer.map { JSONValue($0) } ?? .null, "kind": .string(t.kind),
            "matched_by": .string(t.source.rawValue), "transform": .string(transform(t.transform)),
        ]
    }

    /// `{kind, description, tensors: [{candidate, holds, holds_candidate, cosine}]}`.
    static func swap(_ s: SwapFinding) -> JSONValue {
        ["kind": .string(s.kind.rawValue), "description": .string(s.description),
         "tensors": .array(s.matches.map { m in
             ["candidate": .string(m.candidate), "holds": .string(m.holds), "holds_candidate": .string(m.holdsCandidate),
              "cosine": number(m.cosine)]
         })]
    }

    private static func summary(_ s: CompareSummary) -> JSONValue {
        ["key": .string(s.key), "tensors": JSONValue(s.tensors), "failed": JSONValue(s.failed),
         "compared": JSONValue(s.compared), "mean_cosine": number(s.meanCosine), "worst_cosine": number(s.worstCosine),
         "mean_relative_rmse": number(s.meanRelativeRMSE), "worst_relative_rmse": number(s.worstRelativeRMSE)]
    }

    private static func source(_ d: CompareReport.ModelDescription) -> JSONValue {
        ["path": .string(d.path), "layout": .string(d.layout), "format": .string(d.format.rawValue),
         "tensors": JSONValue(d.tensorCount), "architecture": d.architectureName.map { .string($0) } ?? .null,
         "notes": JSONValue(d.notes)]
    }

    /// A finite number, or null (an infinite SNR or relative RMSE, a figure not computed).
    private static func number(_ x: Double?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        return .number(x)
    }

    /// The transform in words: `none`, `llama_permute(heads: 4)`, `add_one`, `expert_slice(3)`, `row_slice(0..<96)`.
    static func transform(_ t: TensorNameMap.Transform) -> String {
        switch t {
        case .none: return "none"
        case .llamaPermute(let heads): return "llama_permute(heads: \(heads))"
        case .addOne: return "add_one"
        case .expertSlice(let index): return "expert_slice(\(index))"
        case .rowSlice(let range, let period):
            return "row_slice(\(range.lowerBound)..<\(range.upperBound)\(period.map { ", period: \($0)" } ?? ""))"
        case .leadingRows: return "leading_rows"
        case .stackedExpertHalf(let half): return "stacked_expert_half(\(half))"
        case .unresolved(let why): return "unresolved(\(why))"
        }
    }
}
