// EntryChecksums: the verdict on a container's own checksums (every zip entry's CRC-32), computed in the
// scan's single pass: a checkpoint with no reference digest is still proved free of accidental corruption.

enum EntryChecksums {
    /// One error per range whose CRC-32 differs from the one recorded.
    static func findings(_ ranges: [ChecksumRange], _ computed: [UInt32], file: String) -> [Finding] {
        zip(ranges, computed).compactMap { range, got in
            guard got != range.expected else { return nil }
            return Finding(.error, "crc-mismatch", file: file, offset: range.range.lowerBound,
                           "zip entry \(range.name) (bytes \(range.range.lowerBound)..<\(range.range.upperBound)): CRC-32 is \(hex(got)), the archive records \(hex(range.expected))")
        }
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
