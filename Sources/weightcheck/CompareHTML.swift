// CompareHTML: `compare --html FILE` — one self-contained page (inline CSS, SVG and a few lines of script, nothing
// fetched): the verdict, a failures box, the error and cosine panels, the summaries, and the tensor table with
// sort, search and a failed-only filter; exact copies collapsed. The page follows the window's width.
import Foundation
import WeightCheck

enum CompareHTML {
    static let style = """
    body{font:14px/1.4 system-ui,sans-serif;margin:16px 24px;color:#222;max-width:1600px}
    h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:20px 0 6px}.ok{color:#17803d}.fail{color:#c62828}
    code{font-size:13px;overflow-wrap:anywhere}
    .failbox{border:2px solid #c62828;background:#fdecea;border-radius:6px;padding:8px 14px;margin:12px 0}
    .failbox h2{margin:2px 0 6px;color:#c62828}.failbox li{margin:2px 0;overflow-wrap:anywhere}
    .panels{display:flex;flex-wrap:wrap;gap:16px}.panels figure{flex:1 1 440px;margin:0;min-width:0}
    figcaption{font-weight:600;margin:4px 0}svg{width:100%;height:auto;display:block}
    svg text{font:11px system-ui,sans-serif;fill:#333}svg .faillabel{fill:#c62828;font-weight:600}svg .limitlabel{fill:#2e7d32}
    .frame{fill:none;stroke:#999}.grid{stroke:#ddd}.grid2{stroke:#f2f2f2}
    .band{fill:#2e7d32;fill-opacity:.07}.limit{stroke:#2e7d32;stroke-dasharray:5 4;stroke-width:1.2}
    .legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:14px;height:4px;
    vertical-align:middle;margin-right:5px}.legend .failkey{width:9px;height:9px;border-radius:50%;background:#c62828}
    .legend .bandkey{height:10px;background:#e6f2e7;border-top:2px dashed #2e7d32}.note{color:#666;font-size:12px}
    .scroll{overflow-x:auto}table{border-collapse:collapse;margin:6px 0 16px}
    td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}
    td.l,th.l{text-align:left}tr.bad td{background:#fdecea}th[data-k]{cursor:pointer;user-select:none}
    th[data-k]:hover{background:#eee}.tools{margin:6px 0}.tools input[type=search]{width:260px;padding:3px 6px}
    details{margin:6px 0 16px}summary{cursor:pointer}
    """

    /// Sort by a column (click its header, again to reverse), search names, show failures only.
    static let script = """
    const tb=document.querySelector('#tensors tbody'),q=document.getElementById('q'),fo=document.getElementById('fo');
    function filter(){const s=q.value.toLowerCase();for(const r of tb.rows){const bad=r.classList.contains('bad');
    r.hidden=(fo.checked&&!bad)||(s&&!r.cells[0].textContent.toLowerCase().includes(s)&&
    !r.cells[1].textContent.toLowerCase().includes(s));}}
    q.addEventListener('input',filter);fo.addEventListener('change',filter);
    document.querySelectorAll('#tensors th[data-k]').forEach((th,i)=>th.addEventListener('click',()=>{
    const num=th.dataset.k==='n',dir=th.dataset.d=th.dataset.d==='1'?'-1':'1';
    const key=r=>{const c=r.cells[i];return num?parseFloat(c.dataset.v??c.textContent):c.textContent;};
    [...tb.rows].sort((a,b)=>{const x=key(a),y=key(b);return (num?((isNaN(x)?-1e300:x)-(isNaN(y)?-1e300:y)):
    x.localeCompare(y))*dir;}).forEach(r=>tb.appendChild(r));}));
    """

    static func page(_ report: CompareReport) -> String {
        var h = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>weightcheck compare: \(esc(report.candidate.path))</title>\n<style>\n\(style)</style></head><body>\n"
        let verdict = report.tensors.isEmpty ? "FAIL: no tensor matched"
            : report.ok ? "OK: all \(report.tensors.count) matched tensors within the expected error of their types"
            : "FAIL: \(report.failures.count) of \(report.tensors.count) matched tensors outside the expected error"
        h += "<h1 class=\"\(report.ok ? "ok" : "fail")\">\(esc(verdict))</h1>\n<p>"
        for (label, side) in [("reference", report.reference), ("candidate", report.candidate)] {
            h += "\(label): <code>\(esc(side.path))</code> (\(esc(side.layout)), \(side.tensorCount) tensors"
            h += (side.architectureName.map { ", " + esc($0) } ?? "") + ")<br>\n"
        }
        h += "</p>\n" + failuresBox(report) + CompareChart.panels(report)
        for (title, key, rows) in [("By type", "type", report.summaryByType), ("By layer", "layer", report.summaryByLayer)]
        where !rows.isEmpty {
            h += "<h2>\(title)</h2>\n<div class=scroll><table><tr><th class=l>\(key)</th><th>tensors</th><th>failed</th>"
            h += "<th>mean cosine</th><th>worst cosine</th><th>mean rel RMSE</th><th>worst rel RMSE</th></tr>\n"
            for s in rows {
                h += "<tr\(s.failed > 0 ? " class=bad" : "")><td class=l>\(esc(s.key))</td><td>\(s.tensors)</td>"
                h += "<td>\(s.failed)</td><td>\(opt(s.meanCosine, CompareRendering.cosine))</td>"
                h += "<td>\(opt(s.worstCosine, CompareRendering.cosine))</td><td>\(opt(s.meanRelativeRMSE, Fmt.number))</td>"
                h += "<td>\(opt(s.worstRelativeRMSE, Fmt.number))</td></tr>\n"
            }
            h += "</table></div>\n"
        }
        let exact = report.worstFirst.filter { $0.ok && $0.figures?.relativeRMSE == 0 }
        let listed = report.worstFirst.filter { !($0.ok && $0.figures?.relativeRMSE == 0) }
        h += "<h2>Tensors, worst first</h2>\n<div class=tools><input type=search id=q placeholder=\"search names\"> "
        h += "<label><input type=checkbox id=fo> failed only</label></div>\n"
        h += "<div class=scroll>" + table(listed, id: "tensors") + "</div>\n"
        if !exact.isEmpty {
            h += "<details><summary>\(exact.count) exact tensors (identical values, error 0)</summary>\n"
            h += "<div class=scroll>" + table(exact, id: "exact") + "</div></details>\n"
        }
        for (side, names) in [("reference", report.unmatchedReference), ("candidate", report.unmatchedCandidate)]
        where !names.isEmpty {
            h += "<h2>Unmatched \(side) tensors (\(names.count), not compared)</h2>\n<p>"
            h += names.map { "<code>\(esc($0))</code>" }.joined(separator: ", ") + "</p>\n"
        }
        h += "<p class=note>weightcheck compare, \(Fmt.bytes(report.bytesCompared)) in \(Fmt.duration(report.seconds))</p>\n"
        return h + "<script>\n\(script)</script>\n</body></html>\n"
    }

    /// The failures above the chart: swaps named first, then each failing tensor and why.
    static func failuresBox(_ report: CompareReport) -> String {
        let failures = report.failures
        guard !failures.isEmpty else { return "" }
        var h = "<div class=failbox><h2>\(failures.count) failing tensor\(failures.count == 1 ? "" : "s")</h2><ul>\n"
        for s in report.swaps { h += "<li><b>\(esc(s.description))</b></li>\n" }
        for t in failures {
            h += "<li><code>\(esc(t.candidate))</code> (\(esc(t.type.name))): \(esc(t.reasons.joined(separator: "; ")))</li>\n"
        }
        return h + "</ul></div>\n"
    }

    /// The tensor table; numeric cells carry their value for sorting.
    static func table(_ rows: [TensorComparison], id: String) -> String {
        var h = "<table id=\(id)><thead><tr><th class=l data-k=s>tensor</th><th class=l data-k=s>reference</th>"
        h += "<th class=l data-k=s>type</th><th data-k=n>cosine</th><th data-k=n>rel RMSE</th><th data-k=n>SNR dB</th>"
        h += "<th data-k=n>RMSE</th><th data-k=n>max abs</th><th class=l data-k=s>result</th></tr></thead><tbody>\n"
        func num(_ x: Double?, _ text: String) -> String {
            guard let x, x.isFinite else { return "<td>\(text)</td>" }
            return "<td data-v=\"\(x)\">\(text)</td>"
        }
        for t in rows {
            let f = t.figures
            h += "<tr\(t.ok ? "" : " class=bad")><td class=l>\(esc(t.candidate))</td>"
            h += "<td class=l>\(t.reference == t.candidate ? "=" : esc(t.reference))</td><td class=l>\(t.type.name)</td>"
            h += num(f?.cosine, opt(f?.cosine, CompareRendering.cosine))
            h += num(f?.relativeRMSE, opt(f?.relativeRMSE, Fmt.number)) + num(f?.snrDB, f?.formattedSNR ?? "-")
            h += num(f?.rmse, opt(f?.rmse, Fmt.number)) + num(f?.maxAbs, opt(f?.maxAbs, Fmt.number))
            h += t.ok ? "<td class=l>ok</td></tr>\n" : "<td class=\"l fail\"><b>FAIL</b></td></tr>\n"
        }
        return h + "</tbody></table>"
    }

    private static func opt(_ x: Double?, _ format: (Double) -> String) -> String { x.map(format) ?? "-" }

    /// Text made safe inside HTML elements and attribute values.
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
