// ResumeRecords: `--resume FILE` reads a previous run's `--json-lines` output (of `verify` or `manifest check`)
// back into its file records. A line that is not a complete record is where that run was killed: the last one is
// skipped; one before it means the file is not such output, and is refused. The start record must name the same
// command and mode. `verify` turns the records into verdicts here; `manifest check` in ManifestCheckJSON.
import Foundation
import WeightCheck

enum ResumeRecords {
    struct Refused: Error {
        let message: String
    }

    /// The verdicts of `verify`'s file records in `path` by file path (a later record of a path replaces an
    /// earlier one), or throws saying why the file cannot be resumed from.
    static func read(_ path: String, command: String, quick: Bool) throws(Refused) -> [String: FileVerdict] {
        var out: [String: FileVerdict] = [:]
        for r in try fileRecords(path, command: command, quick: quick) {
            // A record this version cannot read back (a newer finding code) is simply not reused.
            if let v = verdict(r) { out[v.path] = v }
        }
        return out
    }

    /// The file records of `path`, in order, or throws saying why the file cannot be resumed from: it is not
    /// `--json-lines` output, or another command or mode made it.
    static func fileRecords(_ path: String, command: String, quick: Bool) throws(Refused) -> [JSONObject] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Refused(message: "--resume \(path): cannot read it")
        }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        var records: [JSONObject] = []
        for (n, line) in lines.enumerated() {
            if case .object(let o)? = try? JSONParser().parse(Array(line)) {
                records.append(o)
            } else if n < lines.count - 1 {
                throw Refused(message: "--resume \(path): line \(n + 1) is not a JSON record: is it --json-lines output?")
            }  // else: the last line, cut short when the run was killed
        }
        guard let start = records.first, start["record"]?.stringValue == "start" else {
            throw Refused(message: "--resume \(path): no start record: is it --json-lines output?")
        }
        guard start["command"]?.stringValue == command, start["quick"]?.boolValue == quick else {
            let was = "\(start["command"]?.stringValue ?? "?")\(start["quick"]?.boolValue == true ? " --quick" : "")"
            throw Refused(message: "--resume \(path): made by '\(was)', not '\(command)\(quick ? " --quick" : "")'")
        }
        return records.filter { $0["record"]?.stringValue == "file" }
    }

    /// A file record read back, or nil when any field is missing or unknown.
    static func verdict(_ r: JSONObject) -> FileVerdict? {
        guard let path = r["path"]?.stringValue, let size = r["size"]?.intValue,
              let mtime = r["mtime_ns"]?.int64Value, let inode = r["inode"]?.uint64Value,
              let tensors = r["tensor_count"]?.intValue, let parameters = r["parameters"]?.uint64Value,
              let problems = r["problems"]?.arrayValue, let references = r["references"]?.arrayValue else { return nil }
        var v = FileVerdict(path: path, size: size)
        v.identity = FileIdentity(size: size, mtimeNanoseconds: mtime, inode: inode)
        if let f = r["format"], !f.isNull {
            guard let format = f.stringValue.flatMap(WeightFormat.init(rawValue:)) else { return nil }
            v.format = format
        }
        v.sha256 = r["sha256"]?.stringValue
        v.expectedSHA256 = r["expected_sha256"]?.stringValue
        v.tensorCount = tensors
        v.parameters = parameters
        let refs = references.map(reference)
        guard !refs.contains(where: { $0 == nil }) else { return nil }
        v.references = refs.compactMap { $0 }
        if let p = r["reference"], !p.isNull {
            guard let proved = reference(p) else { return nil }
            v.provedBy = proved
        }
        for p in problems {
            guard let severity = p["severity"]?.stringValue.flatMap(Finding.Severity.init(rawValue:)),
                  let code = p["code"]?.stringValue.flatMap(FindingCode.init(rawValue:)),
                  let message = p["message"]?.stringValue else { return nil }
            v.problems.append(Finding(severity, code, file: path, tensor: p["tensor"]?.stringValue,
                                      offset: p["offset"]?.intValue, message))
        }
        return v
    }

    static func reference(_ j: JSONValue) -> Reference? {
        guard let kind = j["kind"]?.stringValue.flatMap(Reference.Kind.init(rawValue:)),
              let algorithm = j["algorithm"]?.stringValue.flatMap(Reference.Algorithm.init(rawValue:)),
              let hex = j["digest"]?.stringValue, let source = j["source"]?.stringValue else { return nil }
        return Reference(kind, algorithm, hex: hex, source: source)
    }
}
