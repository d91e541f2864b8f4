// FindingJSON and ShardSetReport rendering: how findings and shard sets appear in every command's output.
import WeightCheck

enum FindingJSON {
    /// `{severity, code, message, tensor, offset}` (file omitted: it is the enclosing file's).
    static func json(_ f: Finding) -> JSONValue {
        [
            "severity": .string(f.severity.rawValue),
            "code": .string(f.code.rawValue),
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
    var ok: Bool { isComplete }
    var presentShards: [Shard] { shards.filter { $0.file != nil } }
    var missingCount: Int { shards.count - presentShards.count }

    var json: JSONValue {
        [
            "set": .string(path),
            "kind": .string(kind),
            "ok": .bool(ok),
            "shards": .array(shards.map { .string($0.path) }),
            "missing_shards": .integer(Int64(missingCount)),
            "tensor_count": .integer(Int64(tensors.count)),
            "parameters": .unsigned(parameterCount),
            "problems": .array(findings.map(FindingJSON.jsonWithFile)),
        ]
    }

    /// `✓ PATH  KIND, N shards, …` and the set's findings, fitted to `style`'s width.
    func text(into console: Console, style: OutputStyle = .plain) {
        let missing = missingCount > 0 ? " (\(missingCount) missing or unreadable)" : ""
        let facts = "\(kind), \(shards.count) shard\(shards.count == 1 ? "" : "s")\(missing), "
            + "\(Fmt.count(tensors.count)) tensors, \(Fmt.parameters(parameterCount)) parameters"
        ReportLines.file(mark: ok ? style.green("✓") : style.red("✗"), path: Paths.display(path), facts: facts, style: style)
            .forEach(console.print)
        for f in findings where f.severity != .note { ReportLines.finding(f, style: style).forEach(console.print) }
    }
}
