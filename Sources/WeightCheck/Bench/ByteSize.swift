// ByteSize: reads sizes the way people write them — `70GB`, `500 MB`, `1.5TB`, `8GiB`, `4096` — for
// `bench --estimate`; decimal units (kB, MB, GB, TB, PB) are powers of 1000, binary ones (KiB…PiB) of 1024.

/// Parsing of human-written byte sizes.
public enum ByteSize {
    private static let units: [(suffix: String, factor: Double)] = [
        ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("tib", 1_099_511_627_776),
        ("pib", 1_125_899_906_842_624),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12), ("pb", 1e15),
        ("k", 1e3), ("m", 1e6), ("g", 1e9), ("t", 1e12), ("p", 1e15), ("b", 1),
    ]

    /// The number of bytes `text` names: a non-negative decimal number, optional spaces, and an optional unit
    /// (case-insensitive; `K`/`M`/`G`/`T`/`P` alone are decimal). Nil for anything else, or above 2^63 bytes.
    public static func parse(_ text: String) -> UInt64? {
        let s = text.trimmingWhitespace().lowercased()
        var number = s, factor = 1.0
        for (suffix, f) in units where s.hasSuffix(suffix) {
            number = String(s.dropLast(suffix.count)).trimmingWhitespace()
            factor = f
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              number.filter({ $0 == "." }).count <= 1, number != ".", let value = Double(number) else { return nil }
        let bytes = (value * factor).rounded()
        guard bytes.isFinite, bytes >= 0, bytes < 9.2e18 else { return nil }
        return UInt64(bytes)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
