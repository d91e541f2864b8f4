// ChecksumList: `sha256sum`-style lists (`SHA256SUMS`, `*.sha256`) found beside the files they describe,
// read as expectations. Also the parser for `hash --check` input lines.
import Foundation

public enum ChecksumList {
    /// One parsed line: digest and file name, as `sha256sum` / `xxhsum` print them (`HEX  NAME` or `HEX *NAME`),
    /// or BSD style (`SHA256 (NAME) = HEX`).
    public struct Line: Sendable, Equatable {
        public let hex: String
        public let name: String
        /// The algorithm the line names (BSD style) or nil (GNU style: inferred from the digest length).
        public let algorithmTag: String?
    }

    /// Whether `name` is a checksum list we read: `SHA256SUMS`, `sha256sums.txt`, `*.sha256`.
    public static func isChecksumListName(_ name: String) -> Bool {
        let base = (name as NSString).lastPathComponent.lowercased()
        return base == "sha256sums" || base == "sha256sums.txt" || base.hasSuffix(".sha256")
    }

    /// Parses one line; nil for blank lines, comments and malformed lines.
    public static func parse(line raw: Substring) -> Line? {
        let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        if line.isEmpty || line.hasPrefix("#") { return nil }
        if let open = line.firstIndex(of: "("), let close = line.range(of: ") = ", options: .backwards) {
            let tag = line[..<open].trimmingCharacters(in: .whitespaces)
            let name = String(line[line.index(after: open)..<close.lowerBound])
            let hex = String(line[close.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard !tag.isEmpty, !hex.isEmpty, hex.allSatisfy(\.isHexDigit) else { return nil }
            return Line(hex: hex.lowercased(), name: name, algorithmTag: tag)
        }
        guard let space = line.firstIndex(of: " ") else { return nil }
        let hex = String(line[..<space])
        var rest = line[line.index(after: space)...]
        if rest.hasPrefix(" ") || rest.hasPrefix("*") { rest = rest.dropFirst() }
        guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit), !rest.isEmpty else { return nil }
        return Line(hex: hex.lowercased(), name: String(rest), algorithmTag: nil)
    }

    /// SHA-256 expectations by relative path from the lists among `files` (relative to `root`).
    static func lists(in root: String, files: [WalkedFile]) -> [String: Reference] {
        var out: [String: Reference] = [:]
        for f in files where isChecksumListName(f.relativePath) {
            guard let data = FileManager.default.contents(atPath: f.path), data.count < 16 << 20,
                  let text = String(data: data, encoding: .utf8) else { continue }
            let folder = (f.relativePath as NSString).deletingLastPathComponent
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let line = parse(line: raw), line.hex.count == 64 else { continue }
                var name = line.name.hasPrefix("./") ? String(line.name.dropFirst(2)) : line.name
                if !folder.isEmpty { name = folder + "/" + name }
                out[name] = Reference(.checksumList, .sha256, hex: line.hex, source: "\(f.relativePath) line \(n + 1)")
            }
        }
        return out
    }
}
