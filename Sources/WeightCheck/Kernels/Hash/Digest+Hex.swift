// Hex text of digests, as sha256sum / git / xxhsum print them, and its parsing for `--check` lists.
// Every hash kernel returns `[UInt8]` in print order; these helpers are the only place bytes become text.

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension Array where Element == UInt8 {
    /// The bytes as lowercase hex, two characters per byte, in order (`sha256sum`'s form).
    public var hexString: String {
        var text = [UInt8]()
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses hex text (either case, even length, nothing else); nil when `hexString` is not such text.
    public init?(hexString: some StringProtocol) {
        var bytes = [UInt8]()
        var high: UInt8? = nil
        for unit in hexString.utf8 {
            let nibble: UInt8
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = unit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = unit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = unit - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { return nil }
        self = bytes
    }
}
