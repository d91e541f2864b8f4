// TextTable: aligned columns for the human output of every command, numbers right-aligned.

struct TextTable {
    enum Alignment { case left, right }
    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as lines, columns separated by two spaces, a rule under the header.
    func render(indent: String = "") -> [String] {
        var widths = headers.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let w = widths[min(i, widths.count - 1)]
                let pad = String(repeating: " ", count: max(0, w - c.count))
                let last = i == cells.count - 1
                switch alignments[min(i, alignments.count - 1)] {
                case .left: parts.append(last ? c : c + pad)
                case .right: parts.append(pad + c)
                }
            }
            return indent + parts.joined(separator: "  ")
        }
        var out = [line(headers)]
        out.append(indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        out += rows.map(line)
        return out
    }
}
