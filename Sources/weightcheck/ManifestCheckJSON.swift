// ManifestCheckJSON: `manifest check --json` — the report as one document — and its `--json-lines` form: a
// record per file (its entry in the document, with the identity `--resume` compares) and a summary. A file
// record read back (`--resume`) gives the check it recorded.
import Foundation
import WeightCheck

extension ManifestCommand {
    /// How many files each whole-file digest proved or disproved: `{"sha256": n, "xxh3-128": m}`.
    static func tiers(_ tiers: [String]) -> JSONValue {
        ReportMerge.tierCounts(tiers)
    }

    static func json(_ report: ManifestCheckReport, manifest: String) -> JSONValue {
        var counts = JSONObject()
        for s in [ManifestCheckReport.Status.ok, .changed, .missing, .renamed, .unreadable, .extra] {
            counts[s.rawValue] = JSONValue(report.count(s))
        }
        var doc: JSONObject = [
            "ok": .bool(report.ok),
            "manifest": .string(manifest),
            "root": .string(report.root),
            "strict": .bool(report.strict),
            "counts": .object(counts),
            "fast": .bool(report.fast),
            "tiers": tiers(report.files.compactMap { $0.tier?.rawValue }),
            "files": .array(report.files.map(fileJSON)),
            "problems": .array(report.problems.map(FindingJSON.jsonWithFile)),
            "bytes_scanned": JSONValue(report.bytesScanned),
            "resumed_files": JSONValue(report.resumedFiles),
            "seconds": .number(report.seconds),
        ]
        if let shard = report.shard { doc["shard"] = shard.json }
        return .object(doc)
    }

    /// A file's entry in the `--json` report (and, marked, its `--json-lines` record). `tier` says which
    /// whole-file digest proved (or disproved) it: "sha256" or "xxh3-128" (`--fast`); null when not read.
    static func fileJSON(_ f: ManifestCheckReport.FileCheck) -> JSONValue {
        [
            "path": .string(f.path),
            "status": .string(f.status.rawValue),
            "ok": .bool(f.ok),
            "size": f.size.map { JSONValue($0) } ?? .null,
            "expected_size": f.expected.map { JSONValue($0.size) } ?? .null,
            "tier": f.tier.map { .string($0.rawValue) } ?? .null,
            "sha256": f.sha256.map { .string($0) } ?? .null,
            "expected_sha256": f.expected.map { .string($0.sha256) } ?? .null,
            "xxh128": f.xxh128.map { .string($0) } ?? .null,
            "expected_xxh128": f.expected?.xxh128.map { .string($0) } ?? .null,
            "header_changed": .bool(f.headerChanged),
            "changed_tensors": JSONValue(f.changedTensors),
            "cut_off_tensors": JSONValue(f.cutOffTensors),
            "renamed_to": f.renamedTo.map { .string($0) } ?? .null,
            "problems": .array(f.findings.map(FindingJSON.json)),
        ]
    }

    /// The passing check a `--json-lines` file record gives back for `--resume`, or nil for a record that could
    /// not stand anyway (not ok, no identity, a field missing): its file is then read again.
    static func recordedCheck(_ r: JSONObject) -> ManifestCheckReport.FileCheck? {
        guard let path = r["path"]?.stringValue, r["status"]?.stringValue == "ok", r["ok"]?.boolValue == true,
              r["problems"]?.arrayValue?.isEmpty == true,
              let size = r["size"]?.intValue, let expectedSize = r["expected_size"]?.intValue,
              let expectedSHA = r["expected_sha256"]?.stringValue,
              let mtime = r["mtime_ns"]?.int64Value, let inode = r["inode"]?.uint64Value,
              let tier = r["tier"]?.stringValue.flatMap(ManifestCheckReport.Tier.init(rawValue:)) else { return nil }
        let expectedXXH = r["expected_xxh128"]?.stringValue
        var c = ManifestCheckReport.FileCheck(path: path, status: .ok,
                                              expected: ManifestEntry(path: path, size: expectedSize, sha256: expectedSHA, xxh128: expectedXXH))
        c.size = size
        c.sha256 = r["sha256"]?.stringValue
        c.xxh128 = r["xxh128"]?.stringValue
        c.tier = tier
        c.identity = FileIdentity(size: size, mtimeNanoseconds: mtime, inode: inode)
        return c
    }
}
