// ChecksumList: checksum lists read as `sha256sum -c` and `xxhsum -c` read them (GNU and BSD lines, CRLF, the
// escaped form, the algorithm from the tag or the digest length) and written so that both read them back.
import Foundation

public enum ChecksumList {
    /// One checksum line: which file, which algorithm, which digest, and where in the list.
    public struct Entry: Sendable, Equatable {
        /// The file name as the list means it (escapes undone), relative to the list's folder unless absolute.
        public let name: String
        /// The algorithm: the BSD tag's, else the one `--algo` forced, else the one the digest length implies.
        public let algorithm: HashAlgorithm
        /// The expected digest, lowercase hex.
        public let hex: String
        /// The 1-based line number in the list.
        public let lineNumber: Int
    }

    /// A line that is not a checksum line we can check, and why.
    public struct Malformed: Error, Sendable, Equatable {
        /// The 1-based line number in the list.
        public let lineNumber: Int
        /// Why, e.g. `improperly formatted checksum line` or `XXH32 digests are not supported`.
        public let reason: String
    }

    /// Every line of a list: the entries, and the lines that could not be read as one.
    public struct Parsed: Sendable, Equatable {
        public var entries: [Entry] = []
        public var malformed: [Malformed] = []
    }

    /// The syntax of one line before its algorithm is decided: GNU (`HEX  NAME`, `HEX *NAME`) or BSD
    /// (`TAG (NAME) = HEX`), either possibly in the escaped form (a leading backslash, `\\`, `\n`, `\r`).
    public struct Line: Sendable, Equatable {
        /// The digest, lowercase hex.
        public let hex: String
        /// The name with escapes undone.
        public let name: String
        /// The BSD tag (`SHA256`, `XXH64`, `XXH3`, `XXH128`, …), or nil for a GNU line.
        public let algorithmTag: String?
    }

    /// Whether `name` is a checksum list `verify` reads beside the files: `SHA256SUMS`, `sha256sums.txt`, `*.sha256`.
    public static func isChecksumListName(_ name: String) -> Bool {
        // Every list name ends in s, t or 6 (any case); most names of a folder fail here, without a lowercased copy.
        switch name.utf8.last {
        case UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "6"): break
        default: return false
        }
        let base = Paths.name(name).lowercased()
        return base == "sha256sums" || base == "sha256sums.txt" || base.hasSuffix(".sha256")
    }

    /// Parses a whole list: lines split on `\n` with a trailing `\r` removed (lists written on Windows),
    /// leading blanks skipped, blank lines and `#` comments ignored.
    ///
    /// - Parameters:
    ///   - bytes: the list's bytes, any size; names are UTF-8.
    ///   - forced: the algorithm of untagged lines (`hash --check --algo`); nil to infer it from the digest length
    ///     as `xxhsum -c` does (64 hex: SHA-256, 40: git blob SHA-1, 16: XXH64, 32: XXH128).
    /// - Complexity: O(n) in the list's size.
    public static func parse<Bytes: Sequence<UInt8>>(_ bytes: Bytes, forcing forced: HashAlgorithm? = nil) -> Parsed {
        var parsed = Parsed()
        var number = 0
        for rawLine in Array(bytes).split(separator: 10, omittingEmptySubsequences: false) {
            number += 1
            var line = rawLine[...]
            if line.last == 13 { line = line.dropLast() }
            while let first = line.first, first == 32 || first == 9 { line = line.dropFirst() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            guard let text = String(validating: line, as: UTF8.self) else {
                parsed.malformed.append(Malformed(lineNumber: number, reason: "line is not UTF-8 text"))
                continue
            }
            switch entry(text[...], lineNumber: number, forced: forced) {
            case .success(let e): parsed.entries.append(e)
            case .failure(let m): parsed.malformed.append(m)
            }
        }
        return parsed
    }

    /// Reads one line (without its line end) in any form `sha256sum -c` or `xxhsum -c` accepts; nil for a
    /// blank line, a comment or a line in no such form.
    public static func parse(line raw: Substring) -> Line? {
        var line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        while line.first == " " || line.first == "\t" { line = line.dropFirst() }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        let escaped = line.hasPrefix("\\")
        if escaped { line = line.dropFirst() }
        var name: Substring, hex: Substring, tag: String?
        if let open = line.range(of: " ("), let close = line.range(of: ") = ", options: .backwards),
           open.upperBound <= close.lowerBound, !line[..<open.lowerBound].contains(" ") {
            tag = String(line[..<open.lowerBound])
            name = line[open.upperBound..<close.lowerBound]
            hex = line[close.upperBound...]
        } else {
            guard let space = line.firstIndex(of: " ") else { return nil }
            hex = line[..<space]
            name = line[line.index(after: space)...]
            if name.first == " " || name.first == "*" { name = name.dropFirst() }
        }
        guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit), !name.isEmpty, tag?.isEmpty != true else { return nil }
        guard let unescaped = escaped ? unescape(name) : String(name) else { return nil }
        return Line(hex: hex.lowercased(), name: unescaped, algorithmTag: tag)
    }

    /// The algorithm a BSD tag names, or why it is not one we compute.
    static func algorithm(tag: String) -> Result<HashAlgorithm, Malformed> {
        switch tag.uppercased() {
        case "SHA256": return .success(.sha256)
        case "XXH64": return .success(.xxh64)
        case "XXH3", "XXH3_64", "XXH3_64BITS": return .success(.xxh3)
        case "XXH128": return .success(.xxh128)
        default: return .failure(Malformed(lineNumber: 0, reason: "\(tag) digests are not supported"))
        }
    }

    private static func entry(_ text: Substring, lineNumber: Int, forced: HashAlgorithm?) -> Result<Entry, Malformed> {
        guard let line = parse(line: text) else {
            return .failure(Malformed(lineNumber: lineNumber, reason: "improperly formatted checksum line"))
        }
        let algorithm: HashAlgorithm
        if let tag = line.algorithmTag {
            switch self.algorithm(tag: tag) {
            case .success(let a): algorithm = a
            case .failure(let m): return .failure(Malformed(lineNumber: lineNumber, reason: m.reason))
            }
        } else if let forced {
            algorithm = forced
        } else if let guessed = HashAlgorithm(hexDigestLength: line.hex.count) {
            algorithm = guessed
        } else {
            let reason = line.hex.count == 8 ? "XXH32 digests (8 hex digits) are not supported"
                : "a \(line.hex.count)-digit digest matches no supported algorithm"
            return .failure(Malformed(lineNumber: lineNumber, reason: reason))
        }
        guard line.hex.count == algorithm.digestByteCount * 2 else {
            return .failure(Malformed(lineNumber: lineNumber, reason: "\(algorithm.rawValue) digests have "
                                      + "\(algorithm.digestByteCount * 2) hex digits, this one has \(line.hex.count)"))
        }
        return .success(Entry(name: line.name, algorithm: algorithm, hex: line.hex, lineNumber: lineNumber))
    }

    /// Undoes GNU coreutils' name escapes (`\\`, `\n`, `\r`); nil for any other escape.
    static func unescape(_ name: Substring) -> String? {
        var out = ""
        var iterator = name.makeIterator()
        while let c = iterator.next() {
            guard c == "\\" else { out.append(c); continue }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: return nil
            }
        }
        return out
    }

    /// The list line for `name` with digest `hex`, in the form the reference tool prints for `algorithm`:
    /// `HEX  NAME` (sha256sum, plain xxhsum, `xxhsum -H2`), or `XXH3 (NAME) = HEX` (`xxhsum -H3`, whose
    /// untagged 16-digit lines would read back as XXH64). A name holding a backslash, a newline or a carriage
    /// return is escaped and the line starts with a backslash, as GNU coreutils writes it.
    public static func line(hex: String, name: String, algorithm: HashAlgorithm) -> String {
        let needsEscape = name.contains { $0 == "\\" || $0 == "\n" || $0 == "\r" }
        var shown = name
        if needsEscape {
            shown = ""
            for c in name {
                switch c {
                case "\\": shown += "\\\\"
                case "\n": shown += "\\n"
                case "\r": shown += "\\r"
                default: shown.append(c)
                }
            }
        }
        let prefix = needsEscape ? "\\" : ""
        if algorithm == .xxh3 { return prefix + "XXH3 (" + shown + ") = " + hex }
        return prefix + hex + "  " + shown
    }

    /// SHA-256 expectations by relative path from the lists among `files` (relative to `root`).
    static func lists(in root: String, files: [WalkedFile]) -> [String: Reference] {
        var out: [String: Reference] = [:]
        for f in files where isChecksumListName(f.relativePath) {
            guard let data = FileManager.default.contents(atPath: f.path), data.count < 16 << 20 else { continue }
            let folder = f.relativePath.contains("/") ? Paths.parent(f.relativePath) : ""
            for e in parse(data).entries where e.algorithm == .sha256 {
                var name = e.name.hasPrefix("./") ? String(e.name.dropFirst(2)) : e.name
                if !folder.isEmpty { name = folder + "/" + name }
                out[name] = Reference(.checksumList, .sha256, hex: e.hex, source: "\(f.relativePath) line \(e.lineNumber)")
            }
        }
        return out
    }
}
