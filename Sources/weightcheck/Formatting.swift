// Formatting: how numbers look in human output — byte sizes, counts, rates, durations, shapes.
import Foundation
import WeightCheck

enum Fmt {
    /// `1.23 GB` style (decimal units, as disk vendors and `hf` print them); exact bytes below 1 kB.
    static func bytes(_ n: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var v = Double(n), u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(n) B" : String(format: v >= 100 ? "%.0f %@" : v >= 10 ? "%.1f %@" : "%.2f %@", v, units[u])
    }

    /// `1,234,567`.
    static func count<T: BinaryInteger>(_ n: T) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A parameter count as `7.24B`, `135M`, `4.1K`.
    static func parameters(_ n: UInt64) -> String {
        let v = Double(n)
        if v >= 1e9 { return String(format: "%.2fB", v / 1e9) }
        if v >= 1e6 { return String(format: "%.1fM", v / 1e6) }
        if v >= 1e3 { return String(format: "%.1fK", v / 1e3) }
        return "\(n)"
    }

    /// GB/s with two decimals.
    static func rate(bytes: Int, seconds: Double) -> String {
        seconds > 0 ? String(format: "%.2f GB/s", Double(bytes) / seconds / 1e9) : "-"
    }

    /// `0.42 s`, `3.1 ms`, `1 m 12 s`.
    static func duration(_ s: Double) -> String {
        if s < 1e-3 { return String(format: "%.0f µs", s * 1e6) }
        if s < 1 { return String(format: "%.1f ms", s * 1e3) }
        if s < 120 { return String(format: "%.2f s", s) }
        if s < 7200 { return String(format: "%d m %02d s", Int(s) / 60, Int(s) % 60) }
        return String(format: "%d h %02d m", Int(s) / 3600, (Int(s) % 3600) / 60)
    }

    /// `[4096, 32000]`.
    static func shape(_ s: [UInt64]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }

    /// A float for tables: compact, enough digits to compare.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e5 || a < 1e-4 { return String(format: "%.4g", x) }
        return String(format: "%.6g", x)
    }
}
