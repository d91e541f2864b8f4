// ReportMerge: `report merge` — the `--json` reports of the N parts of one partitioned run combined into the
// report the whole run would have given (same files, findings and verdict), after proving the parts are
// exactly one of each part of one run: none missing, none twice, none from other inputs or another N.

/// Why parts cannot be merged; `message` names the parts at fault.
public struct MergeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Merges part reports made with `--shard I/N`.
public enum ReportMerge {
    /// One part report: where it was read from (for messages) and its JSON document.
    public struct Part: Sendable {
        public var name: String
        public var report: JSONValue
        public init(name: String, report: JSONValue) {
            self.name = name
            self.report = report
        }
    }

    /// The whole run's report from its parts (in any order). The result is the unsharded report, with
    /// `"shard"` replaced by `"merged": {command, count, inputs_sha256, parts}`; `seconds` is the longest part's.
    public static func merge(_ parts: [Part]) throws(MergeError) -> JSONValue {
        let ordered = try validate(parts)
        let docs = ordered.map { $0.1 }
        let shard = docs[0]["shard"]!
        var out: JSONObject
        switch shard["command"]?.stringValue {
        case "verify": out = mergeVerify(docs)
        case "manifest check": out = mergeManifestCheck(docs)
        case let other: throw MergeError("\(ordered[0].0.name): cannot merge reports of '\(other ?? "?")'")
        }
        out["seconds"] = .number(docs.compactMap { $0["seconds"]?.doubleValue }.max() ?? 0)
        out["shard"] = nil
        out["merged"] = ["command": shard["command"]!, "count": shard["count"]!, "inputs_sha256": shard["inputs_sha256"]!,
                         "parts": .array(ordered.map { .string($0.0.name) })]
        return .object(out)
    }

    /// The parts sorted by index with their `shard` objects checked; throws naming what is wrong.
    static func validate(_ parts: [Part]) throws(MergeError) -> [(Part, JSONObject)] {
        guard !parts.isEmpty else { throw MergeError("no part reports given") }
        var read: [(Part, JSONObject, index: Int, count: Int, key: String)] = []
        for p in parts {
            guard case .object(let o) = p.report, let s = o["shard"], let command = s["command"]?.stringValue,
                  let i = s["index"]?.intValue, let n = s["count"]?.intValue, let fp = s["inputs_sha256"]?.stringValue,
                  ShardSpec(index: i, count: n) != nil else {
                throw MergeError("\(p.name): not a part report (no valid \"shard\" object: was it made with --shard I/N --json?)")
            }
            read.append((p, o, i, n, "\(command) of \(n) parts, inputs \(fp.prefix(12))…"))
        }
        let first = read[0]
        let strangers = read.filter { $0.key != first.key }
        if !strangers.isEmpty {
            throw MergeError("parts of different runs: \(first.0.name) is \(first.key); "
                             + strangers.map { "\($0.0.name) is \($0.key)" }.joined(separator: "; "))
        }
        var byIndex: [Int: [String]] = [:]
        for r in read { byIndex[r.index, default: []].append(r.0.name) }
        let twice = byIndex.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        if !twice.isEmpty {
            throw MergeError(twice.map { "part \($0.key)/\(first.count) given \($0.value.count) times (\($0.value.joined(separator: ", ")))" }
                .joined(separator: "; "))
        }
        let missing = (0..<first.count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw MergeError("missing part\(missing.count == 1 ? "" : "s") "
                             + missing.prefix(20).map { "\($0)/\(first.count)" }.joined(separator: ", ")
                             + (missing.count > 20 ? ", …" : "") + " of \(first.key)")
        }
        return read.sorted { $0.index < $1.index }.map { ($0.0, $0.1) }
    }

    // MARK: verify

    static func mergeVerify(_ docs: [JSONObject]) -> JSONObject {
        var out = docs[0]
        out["ok"] = .bool(docs.allSatisfy { $0["ok"]?.boolValue == true })
        out["files"] = .array(concat(docs, "files").sorted { utf8Less($0["path"], $1["path"]) })
        out["sets"] = .array(concat(docs, "sets").sorted { utf8Less($0["set"], $1["set"]) })
        out["problems"] = .array(concat(docs, "problems").sorted(by: findingOrder))
        for key in ["weight_files", "proved_bit_exact", "sound_but_unproved", "bytes_scanned", "resumed_files"] where out[key] != nil {
            out[key] = sum(docs, key)
        }
        return out
    }

    // MARK: manifest check

    static func mergeManifestCheck(_ docs: [JSONObject]) -> JSONObject {
        var out = docs[0]
        let all = concat(docs, "files")
        let listed = all.filter { $0["status"]?.stringValue != "extra" }.sorted { utf8Less($0["path"], $1["path"]) }
        // An extra file is one that no part explained as a rename: listed as extra by every part.
        var extras: [String: (count: Int, value: JSONValue)] = [:]
        for f in all where f["status"]?.stringValue == "extra" {
            let path = f["path"]?.stringValue ?? ""
            let prior = extras[path]
            let keep = prior.map { $0.value["sha256"]?.isNull == false ? $0.value : f } ?? f
            extras[path] = ((prior?.count ?? 0) + 1, keep)
        }
        let extra = extras.filter { $0.value.count == docs.count }.map(\.value.value).sorted { utf8Less($0["path"], $1["path"]) }
        let files = listed + extra
        out["files"] = .array(files)
        var counts = JSONObject()
        for status in ["ok", "changed", "missing", "renamed", "unreadable", "extra"] {
            counts[status] = JSONValue(files.filter { $0["status"]?.stringValue == status }.count)
        }
        if out["counts"] != nil { out["counts"] = .object(counts) }
        let problems = docs[0]["problems"]?.arrayValue ?? []
        out["ok"] = .bool(files.allSatisfy { $0["ok"]?.boolValue == true }
                          && !problems.contains { $0["severity"]?.stringValue == "error" })
        out["bytes_scanned"] = sum(docs, "bytes_scanned")
        if out["resumed_files"] != nil { out["resumed_files"] = sum(docs, "resumed_files") }
        if out["tiers"] != nil { out["tiers"] = tierCounts(files.compactMap { $0["tier"]?.stringValue }) }
        return out
    }

    /// `{"sha256": n, "xxh3-128": m}`: how many files each whole-file digest tier checked.
    public static func tierCounts(_ tiers: [String]) -> JSONValue {
        ["sha256": JSONValue(tiers.filter { $0 == "sha256" }.count), "xxh3-128": JSONValue(tiers.filter { $0 == "xxh3-128" }.count)]
    }

    // MARK: helpers

    private static func concat(_ docs: [JSONObject], _ key: String) -> [JSONValue] {
        docs.flatMap { $0[key]?.arrayValue ?? [] }
    }

    private static func sum(_ docs: [JSONObject], _ key: String) -> JSONValue {
        JSONValue(docs.reduce(Int64(0)) { $0 + ($1[key]?.int64Value ?? 0) })
    }

    private static func utf8Less(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        (a?.stringValue ?? "").utf8.lexicographicallyPrecedes((b?.stringValue ?? "").utf8)
    }

    /// `Finding.reportOrder` on findings as JSON.
    private static func findingOrder(_ a: JSONValue, _ b: JSONValue) -> Bool {
        let rank = ["error": 2, "warning": 1, "note": 0]
        let x = rank[a["severity"]?.stringValue ?? ""] ?? 0, y = rank[b["severity"]?.stringValue ?? ""] ?? 0
        if x != y { return x > y }
        for key in ["file", "code", "message"] {
            let x = a[key]?.stringValue ?? "", y = b[key]?.stringValue ?? ""
            if x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) }
        }
        return false
    }
}
