// FindingJSON and ShardSetReport rendering: how findings and shard sets appear in every command's output.
import WeightCheck

enum FindingJSON {
    /// `{severity, code, message, tensor, offset}` (file omitted: it is the enclosing file's).
    static func json(_ f: Finding) -> JSONValue {
        [
            "severity": .string(f.severity.rawValue),
            "code": .string(f.code),
            "message": .string(f.message),
            "tensor": f.tensor.map { .string($0) } ?? .null,
            "offset": f.offset.map { .integer(Int64($0)) } ?? .null,
        ]
    }

    /// The same with the file, for findings not attached to a file entry.
    static func jsonWithFile(_ f: Finding) -> JSONValue {
        guard case .object(var o) = json(f) else { return .null }
        o["file"] = .string(f.file)
        return .object(o)
    }

    /// `✗`, `!` or `·` and the message, for text reports.
    static func line(_ f: Finding) -> String {
        let mark = f.severity == .error ? "✗" : f.severity == .warning ? "!" : "·"
        return "\(mark) \(f.severity.rawValue): \(f.message)"
    }
}

extension ShardSetReport {
    var json: JSONValue {
        [
            "set": .string(name),
            "kind": .string(kind),
            "ok": .bool(ok),
            "shards": .array(shards.map { .string($0) }),
            "missing_shards": .integer(Int64(missing)),
            "tensor_count": .integer(Int64(tensorCount)),
            "parameters": .unsigned(parameters),
            "problems": .array(findings.map(FindingJSON.jsonWithFile)),
        ]
    }

    func text(into console: Console) {
        console.print("\(ok ? "✓" : "✗") \(name)  \(kind), \(shards.count) shard\(shards.count == 1 ? "" : "s")"
                      + (missing > 0 ? " (\(missing) missing)" : "") + ", \(Fmt.count(tensorCount)) tensors, "
                      + "\(Fmt.parameters(parameters)) parameters")
        for f in findings { console.print("    " + FindingJSON.line(f)) }
    }
}
