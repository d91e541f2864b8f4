// The README's JSON section, run: each `weightcheck … | jq 'EXPR'` line of the block marked `json-shapes`
// is run from the repository root; its stdout must be exactly one JSON document with `ok`, and EXPR must
// select something. EXPR is evaluated here by a small subset of jq (paths, `[]`, pipes, `select` with
// one comparison), strict about missing keys, so the documented shapes are held without jq installed.
import Foundation
import Testing

@Suite(.needsWeightcheck)
struct ReadmeJSONTests {
    /// The documented command lines: (arguments after `weightcheck`, jq expression).
    static let lines: [(arguments: [String], jq: String)] = {
        let readme = String(decoding: FileManager.default.contents(atPath: TestData.root.appendingPathComponent("README.md").path)!,
                            as: UTF8.self)
        guard let marker = readme.range(of: "<!-- json-shapes") else { return [] }
        let block = readme[marker.upperBound...].components(separatedBy: "```sh\n")[1].components(separatedBy: "```")[0]
        return block.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("weightcheck "), let pipe = line.range(of: " | jq '") else { return nil }
            let arguments = line[line.index(line.startIndex, offsetBy: 12)..<pipe.lowerBound].split(separator: " ").map(String.init)
            return (arguments, String(line[pipe.upperBound...].dropLast()))
        }
    }()

    @Test func theREADMEDocumentsEveryCommand() {
        let commands = Set(Self.lines.map { $0.arguments[0] == "manifest" ? "manifest " + $0.arguments[1] : $0.arguments[0] })
        #expect(commands == ["verify", "inspect", "stats", "hash", "manifest create", "manifest check",
                             "manifest sha256sum", "compare", "bench"])
    }

    @Test(arguments: lines.indices)
    func eachDocumentedLineSelectsSomething(_ index: Int) throws {
        let (arguments, jq) = Self.lines[index]
        let r = try CLIRunner.run(arguments)
        let document = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))  // exactly one document
        // Every document has `ok`, but the manifest itself (`manifest create -o -`).
        let object = document as? [String: Any]
        #expect(object?["ok"] is Bool || object?["format"] as? String == "weightcheck-manifest", "\(arguments)")
        let selected = try MiniJQ.evaluate(jq, document)
        #expect(!selected.isEmpty, "\(arguments) | jq '\(jq)' selected nothing")
    }

    @Test func theEvaluatorCanFail() throws {
        let doc: Any = ["files": [["a": 1, "b": "x"], ["a": 2, "b": "y"]]]
        #expect(try MiniJQ.evaluate(".files[] | select(.a == 2) | .b", doc).map { $0 as? String } == ["y"])
        #expect(try MiniJQ.evaluate(".files[] | select(.b != \"x\") | .a", doc).count == 1)
        #expect(throws: MiniJQ.Failure.self) { try MiniJQ.evaluate(".tensors[]", doc) }
        #expect(throws: MiniJQ.Failure.self) { try MiniJQ.evaluate(".files.a", doc) }
    }
}

/// The part of jq the README uses: `.key`, `.a.b`, `[]`, `|`, `select(PATH OP LITERAL)` with ==, !=, <, >.
enum MiniJQ {
    struct Failure: Error { let message: String }

    static func evaluate(_ expression: String, _ input: Any) throws -> [Any] {
        var values = [input]
        for stage in expression.components(separatedBy: " | ").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if stage.hasPrefix("select("), stage.hasSuffix(")") {
                let condition = String(stage.dropFirst(7).dropLast())
                values = try values.filter { try test(condition, $0) }
            } else {
                values = try values.flatMap { try path(stage, $0) }
            }
        }
        return values
    }

    private static func test(_ condition: String, _ value: Any) throws -> Bool {
        for op in [" == ", " != ", " > ", " < "] {
            guard let r = condition.range(of: op) else { continue }
            let left = try path(String(condition[..<r.lowerBound]), value)
            guard left.count == 1 else { throw Failure(message: "select on \(left.count) values") }
            let literal = try JSONSerialization.jsonObject(with: Data(condition[r.upperBound...].utf8), options: .fragmentsAllowed)
            func text(_ x: Any) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: x, options: .fragmentsAllowed), as: UTF8.self)
            }
            let a = try text(left[0]), b = try text(literal)
            switch op {
            case " == ": return a == b
            case " != ": return a != b
            case " > ": return (Double(a) ?? .nan) > (Double(b) ?? .nan)
            default: return (Double(a) ?? .nan) < (Double(b) ?? .nan)
            }
        }
        throw Failure(message: "unsupported condition \(condition)")
    }

    private static func path(_ path: String, _ value: Any) throws -> [Any] {
        guard path.hasPrefix(".") else { throw Failure(message: "unsupported stage \(path)") }
        var values = [value]
        var rest = Substring(path.dropFirst())
        while !rest.isEmpty {
            if rest.hasPrefix("[]") {
                values = try values.flatMap { v -> [Any] in
                    if let a = v as? [Any] { return a }
                    if let o = v as? [String: Any] { return Array(o.values) }
                    throw Failure(message: "[] on a scalar")
                }
                rest = rest.dropFirst(2)
            } else {
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                let key = rest.prefix { $0 != "." && $0 != "[" }
                rest = rest.dropFirst(key.count)
                values = try values.map { v in
                    guard let o = v as? [String: Any], let x = o[String(key)] else { throw Failure(message: "no key \(key)") }
                    return x
                }
            }
        }
        return values
    }
}
