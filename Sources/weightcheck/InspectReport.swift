// InspectReport: how `inspect` shows one parsed file (aligned tables, long arrays summarized) and its
// JSON document; and how it shows a shard set.
import WeightCheck

enum InspectReport {
    /// Array elements shown when an array is summarized.
    static let summaryItems = 8

    // MARK: Text

    static func text(_ file: WeightFile, full: Bool, style: OutputStyle = .plain, into console: Console) {
        let table = file.table
        let facts: String
        switch file {
        case .gguf(let g):
            facts = "GGUF v\(g.version), \(g.bigEndian ? "big" : "little")-endian, alignment \(g.alignment), "
                + "data at byte \(Fmt.count(table.dataOffset)), \(Fmt.bytes(g.file.size))"
        case .safetensors(let s):
            facts = "safetensors, header \(Fmt.count(s.table.dataOffset - 8)) bytes, "
                + "data at byte \(Fmt.count(table.dataOffset)), \(Fmt.bytes(s.file.size))"
        case .pytorch(let p):
            facts = "PyTorch \(p.kind.rawValue), \(p.bigEndian ? "big" : "little")-endian, "
                + "\(Fmt.count(p.archive?.entries.count ?? 0)) zip entries, \(Fmt.bytes(p.file.size))"
        }
        ReportLines.titled(file.file.path, facts: facts, style: style).forEach(console.print)
        console.print("  \(Fmt.count(table.tensors.count)) tensors, \(Fmt.parameters(table.parameterCount)) parameters "
                      + "(\(Fmt.count(table.parameterCount))), \(String(format: "%.2f", table.bitsPerWeight)) bits per weight")
        if case .gguf(let g) = file, let h = LlamaCppContract.hyperparameters(g) {
            InspectModel.text(h, weightBytes: Int64(table.tensorBytes), into: console)
        }
        let meta = metadataRows(file, full: full)
        if !meta.isEmpty {
            console.print()
            console.print("METADATA (\(meta.count) key\(meta.count == 1 ? "" : "s"))")
            var t = TextTable(["key", "type", "value"])
            t.trimmable = 0
            t.trimmableEnd = 2
            for row in meta { t.add(row) }
            t.render(indent: "  ", width: style.width).forEach(console.print)
        }
        console.print()
        console.print("TENSORS")
        var t = TextTable(["#", "name", "type", "shape", "offset", "bytes"], alignments: [.right, .left, .left, .left, .right, .right])
        t.trimmable = 1
        t.droppable = [4]
        for (i, x) in table.tensors.enumerated() {
            t.add(["\(i)", TerminalText.escape(x.name), x.type.name, Fmt.shape(x.shape), "\(x.byteRange.lowerBound)", Fmt.count(x.byteCount)])
        }
        t.render(indent: "  ", width: style.width).forEach(console.print)
        console.print()
        console.print("TYPES")
        var types = TextTable(["type", "tensors", "parameters", "bytes", "share"], alignments: [.left, .right, .right, .right, .right])
        let total = max(1, table.tensorBytes)
        for x in table.typeTotals {
            types.add([x.type.name, "\(x.tensors)", Fmt.count(x.parameters), Fmt.bytes(x.bytes),
                       String(format: "%.1f%%", Double(x.bytes) * 100 / Double(total))])
        }
        types.render(indent: "  ").forEach(console.print)
        for f in file.findings {
            style.wrap(style.yellow("!") + " " + TerminalText.escape(f.message), indent: "  ").forEach(console.print)
        }
        console.print()
    }

    private static func metadataRows(_ file: WeightFile, full: Bool) -> [[String]] {
        switch file {
        case .gguf(let g):
            return g.metadata.map { key, value in
                let decoded = MetadataEnums.decode(key: key, value) ?? MetadataEnums.summarize(key: key, value, file: g.file)
                return [TerminalText.escape(key), typeText(value), decoded ?? valueText(value, file: g.file, full: full)]
            }
        case .safetensors(let s):
            return s.metadata.map { [TerminalText.escape($0.key), "string", quoted($0.value, limit: full ? nil : 120)] }
        case .pytorch(let p):
            return importsSummary(p).map { [TerminalText.escape($0.name), "import", "\($0.verdict.rawValue), first at byte \($0.offset)"] }
        }
    }

    private static func typeText(_ v: GGUFValue) -> String {
        if case .array(let a) = v { return "[\(a.elementType.name) × \(Fmt.count(a.count))]" }
        return v.type.name
    }

    private static func valueText(_ v: GGUFValue, file: MappedFile, full: Bool) -> String {
        switch v {
        case .array(let a):
            let items = a.elements(in: file, limit: full ? nil : summaryItems)
            let body = items.map { valueText($0, file: file, full: full) }.joined(separator: ", ")
            return "[" + body + (items.count < a.count ? ", … \(Fmt.count(a.count - items.count)) more]" : "]")
        case .string(let s): return quoted(s, limit: full ? nil : 120)
        case .float32(let f): return Fmt.number(Double(f))
        case .float64(let f): return Fmt.number(f)
        case .bool(let b): return b ? "true" : "false"
        case .uint64(let u): return "\(u)"
        default: return v.integer.map(String.init) ?? ""
        }
    }

    private static func quoted(_ s: String, limit: Int?) -> String {
        var body = TerminalText.escape(s)
        if let limit, body.count > limit { body = String(body.prefix(limit)) + "…" }
        return "\"" + body + "\""
    }

    // MARK: JSON

    static func json(_ file: WeightFile, full: Bool) -> JSONValue {
        let table = file.table
        var doc: JSONObject = [
            "path": .string(file.file.path),
            "format": .string(file.format.rawValue),
        ]
        switch file {
        case .gguf(let g):
            doc["version"] = .integer(Int64(g.version))
            doc["byte_order"] = .string(g.bigEndian ? "big" : "little")
            doc["alignment"] = .integer(Int64(g.alignment))
        case .safetensors:
            doc["version"] = .null
            doc["alignment"] = .null
        case .pytorch(let p):
            doc["container"] = .string(p.kind.rawValue)
            doc["byte_order"] = .string(p.bigEndian ? "big" : "little")
            doc["imports"] = .array(importsSummary(p).map { i in
                ["name": .string(i.name), "verdict": .string(i.verdict.rawValue), "offset": .integer(Int64(i.offset))]
            })
            doc["strided_tensors"] = .array(p.tensors.filter { $0.byteRange == nil }.map { t in
                ["name": .string(t.name), "type": .string(t.typeName), "shape": .array(t.shape.map { .unsigned($0) }),
                 "strides": .array(t.strides.map { .integer($0) }), "storage": .string(t.storageKey),
                 "storage_offset": .integer(t.storageOffset)]
            })
        }
        doc["data_offset"] = .integer(Int64(table.dataOffset))
        doc["size"] = .integer(Int64(file.file.size))
        if case .gguf(let g) = file, let h = LlamaCppContract.hyperparameters(g) {
            doc["model"] = InspectModel.json(h, weightBytes: Int64(table.tensorBytes))
        }
        doc["metadata"] = metadataJSON(file, full: full)
        doc["tensor_count"] = .integer(Int64(table.tensors.count))
        doc["parameters"] = .unsigned(table.parameterCount)
        doc["bits_per_weight"] = .number(table.bitsPerWeight)
        doc["tensors"] = .array(table.tensors.map { t in
            [
                "name": .string(t.name),
                "type": .string(t.type.name),
                "shape": .array(t.shape.map { .unsigned($0) }),
                "offset": .integer(Int64(t.byteRange.lowerBound)),
                "size": .integer(Int64(t.byteCount)),
            ]
        })
        doc["types"] = .object(JSONObject(table.typeTotals.map { x in
            (x.type.name, JSONValue.object(["tensors": .integer(Int64(x.tensors)), "parameters": .unsigned(x.parameters),
                                            "bytes": .integer(Int64(x.bytes))]))
        }))
        if !file.findings.isEmpty { doc["problems"] = .array(file.findings.map(FindingJSON.json)) }
        return .object(doc)
    }

    private static func metadataJSON(_ file: WeightFile, full: Bool) -> JSONValue {
        switch file {
        case .gguf(let g):
            return .object(JSONObject(g.metadata.map { ($0.key, gguValueJSON($0.value, file: g.file, full: full)) }))
        case .safetensors(let s):
            return .object(JSONObject(s.metadata.map { ($0.key, JSONValue.string($0.value)) }))
        case .pytorch:
            return .object([:])
        }
    }

    /// Each distinct import of a checkpoint's pickles once, at its first offset.
    private static func importsSummary(_ p: PyTorchFile) -> [PickleImport] {
        var seen = Set<String>()
        return p.imports.filter { seen.insert($0.name).inserted }
    }

    private static func gguValueJSON(_ v: GGUFValue, file: MappedFile, full: Bool) -> JSONValue {
        switch v {
        case .array(let a):
            let items = a.elements(in: file, limit: full ? nil : summaryItems).map { gguValueJSON($0, file: file, full: full) }
            if full { return .array(items) }
            return ["type": "array", "element_type": .string(a.elementType.name), "count": .integer(Int64(a.count)),
                    "first": .array(items)]
        case .string(let s): return .string(s)
        case .float32(let f): return .number(Double(f))
        case .float64(let f): return .number(f)
        case .bool(let b): return .bool(b)
        case .uint64(let u): return .unsigned(u)
        default: return v.integer.map { .integer($0) } ?? .null
        }
    }
}
