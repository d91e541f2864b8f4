// UTF8Validation: a strict UTF-8 check over untrusted bytes (no overlongs, no surrogates, nothing past U+10FFFF),
// the same rules as Rust's `str::from_utf8`, so a header we accept is one the reference reader accepts.

/// Strict UTF-8 validation of raw bytes.
public enum UTF8Validation {
    /// The index (within `bytes`) of the first byte of the first invalid sequence, or nil when all of
    /// `bytes` is valid UTF-8. A sequence cut off by the end of `bytes` is invalid.
    ///
    /// - Complexity: O(n), no allocation.
    public static func firstInvalidIndex(in bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            // Safe: i < n checked by the loop condition.
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            guard let length = sequenceLength(in: bytes, at: i) else { return i }
            i += length
        }
        return nil
    }

    /// Whether all of `bytes` is valid UTF-8.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        firstInvalidIndex(in: bytes) == nil
    }

    /// The length (1–4) of the valid UTF-8 sequence that starts at `index`, or nil when the bytes there are
    /// not one (bad lead byte, bad continuation, overlong form, surrogate, beyond U+10FFFF, cut off at the end).
    /// `index` must be inside `bytes`.
    @inline(__always)
    static func sequenceLength(in bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
        let n = bytes.count
        // Safe: the caller passes index < n.
        let lead = bytes[index]
        // The allowed range of the second byte depends on the lead byte; later bytes are always 80...BF.
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard length <= n - index else { return nil }
        // Safe: index + length <= n was checked just above.
        let second = bytes[index + 1]
        guard second >= low && second <= high else { return nil }
        var k = 2
        while k < length {
            let b = bytes[index + k]
            guard b & 0xC0 == 0x80 else { return nil }
            k += 1
        }
        return length
    }
}
