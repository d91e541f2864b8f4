// `weightcheck report merge PART…`: the `--json` reports of a run cut with `--shard I/N` combined into the
// whole run's report and exit status; a missing, duplicated or foreign part is refused, naming it.
import Foundation
import WeightCheck

enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Combine the --json part reports of a run cut with --shard I/N into the whole run's report.",
        usage: ["report merge [--json] <part.json>…"],
        arguments: [("subcommand", "merge (see 'weightcheck help report merge').")],
        options: [],
        minimumPositionals: 1,
        examples: ["report merge part-*.json"],
        exitStatus: "0 the merged run passed; 1 it found a problem, or the parts are not one complete run; 64 usage error.",
        subcommands: [mergeSpec])

    static let mergeSpec = CommandSpec(
        name: "report merge",
        abstract: "Merge the part reports of 'verify --shard I/N --json' or 'manifest check --shard I/N --json'.",
        usage: ["report merge [--json] <part.json>…"],
        arguments: [("part.json", "Every part report of one run, one per part, in any order.")],
        options: OutputStyle.options,
        discussion: """
        The merged report has the same files, findings and verdict as the run without --shard. Parts are refused \
        (exit 1, naming them) when one is missing or given twice, or when they come from different inputs, \
        commands or part counts.
        """,
        minimumPositionals: 1,
        examples: ["report merge --json part-0.json part-1.json part-2.json part-3.json > report.json"],
        exitStatus: "0 the merged run passed; 1 it found a problem, or the parts are not one complete run; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let sub = args.positionals[0]
        guard sub == "merge" else { throw UsageError(message: "unknown subcommand '\(sub)' (report has: merge)") }
        let files = Array(args.positionals.dropFirst())
        guard !files.isEmpty else { throw UsageError(message: "missing part reports: report merge needs the --json report of every part") }
        var parts: [ReportMerge.Part] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                return refuse("\(file): cannot read", args, console)
            }
            do throws(JSONError) {
                parts.append(ReportMerge.Part(name: file, report: try JSONParser().parse([UInt8](data))))
            } catch {
                return refuse("\(file): \(error)", args, console)
            }
        }
        let merged: JSONValue
        do throws(MergeError) { merged = try ReportMerge.merge(parts) } catch { return refuse(error.message, args, console) }
        let ok = merged["ok"]?.boolValue == true
        if args.json {
            console.print(merged.serialized(pretty: true))
        } else {
            text(merged, style: try OutputStyle.resolve(args), console: console)
        }
        return ok ? ExitCode.ok : ExitCode.problem
    }

    static func refuse(_ message: String, _ args: ParsedArguments, _ console: Console) -> Int32 {
        console.fail("cannot merge: " + message)
        if args.json { console.print(CLI.errorDocument("cannot merge: " + message)) }
        return ExitCode.problem
    }

    /// Each file with a problem and its findings, then the verdict.
    static func text(_ merged: JSONValue, style: OutputStyle, console: Console) {
        let files = merged["files"]?.arrayValue ?? []
        var errors = 0, warnings = 0
        func count(_ problems: [JSONValue]) {
            for p in problems {
                if p["severity"]?.stringValue == "error" { errors += 1 }
                if p["severity"]?.stringValue == "warning" { warnings += 1 }
            }
        }
        for f in files {
            let problems = (f["problems"]?.arrayValue ?? []).filter { $0["severity"]?.stringValue != "note" }
            count(problems)
            guard !problems.isEmpty else { continue }
            let mark = f["ok"]?.boolValue == true ? style.yellow("!") : style.red("✗")
            ReportLines.file(mark: mark, path: f["path"]?.stringValue ?? "?", facts: "", style: style).forEach(console.print)
            for p in problems { findingLines(p, style: style).forEach(console.print) }
        }
        for s in merged["sets"]?.arrayValue ?? [] { count(s["problems"]?.arrayValue ?? []) }
        let layout = merged["problems"]?.arrayValue ?? []
        count(layout)
        for p in layout where p["severity"]?.stringValue != "note" {
            let mark = p["severity"]?.stringValue == "error" ? style.red("✗") : style.yellow("!")
            ReportLines.file(mark: mark, path: p["file"]?.stringValue ?? "?", facts: "", style: style).forEach(console.print)
            findingLines(p, style: style).forEach(console.print)
        }
        let m = merged["merged"]
        let what = "\(m?["command"]?.stringValue ?? "?"), \(m?["count"]?.intValue ?? 0) parts merged"
        let verdict = merged["ok"]?.boolValue == true ? style.green("✓ OK") : style.red("✗ FAILED")
        style.wrap("\(verdict): \(files.count) file\(files.count == 1 ? "" : "s") (\(what)); \(errors) error\(errors == 1 ? "" : "s"), "
                   + "\(warnings) warning\(warnings == 1 ? "" : "s")", hang: "  ").forEach(console.print)
    }

    /// A finding read back from a part's JSON, as verify printed it.
    static func findingLines(_ p: JSONValue, style: OutputStyle) -> [String] {
        let severity = p["severity"]?.stringValue ?? "?"
        let mark = severity == "error" ? style.red("✗") : severity == "warning" ? style.yellow("!") : "·"
        return ReportLines.finding(mark: mark, severity: severity, message: p["message"]?.stringValue ?? "", style: style)
    }
}
