// SHA-256 (FIPS 180-4) as a streaming hasher, on the CPU's SHA instructions when present, else in Swift.
// The digest of a file is Hugging Face's name for every LFS file (`blobs/<sha256>`).
import CWeightKernels

/// The eight chaining values H0…H7, laid out like `uint32_t[8]` for the C kernels.
typealias SHA256State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

/// A streaming SHA-256 hasher.
///
/// ```swift
/// var h = SHA256()
/// h.update(chunk1); h.update(chunk2)
/// let digest = h.finalize()   // 32 bytes; digest.hexString is what sha256sum prints
/// ```
/// Whole 64-byte blocks are compressed straight from the caller's buffer; only a partial block is copied.
public struct SHA256: StreamingDigest, Sendable {
    /// Which compression function to run.
    public enum Implementation: Sendable, Hashable {
        /// The hardware path when this CPU has it, else Swift.
        case automatic
        /// The pure-Swift path (always available).
        case swift
        /// SHA-NI on x86-64 or the ARMv8 SHA2 instructions; only when `SHA256.hardwareAvailable`.
        case hardware
    }

    /// Whether this CPU has the SHA-256 instructions the hardware path needs (detected once).
    public static var hardwareAvailable: Bool { wc_sha256_hw_available() != 0 }

    /// The digest size in bytes.
    public static let byteCount = 32

    private static let initialState: SHA256State = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)

    /// The implementation this hasher runs (`.automatic` resolved to `.swift` or `.hardware`).
    public let implementation: Implementation
    private var state: SHA256State = SHA256.initialState
    private var buffer = MerkleDamgardBuffer()

    /// A hasher with nothing fed yet.
    ///
    /// - Parameter implementation: `.automatic` (default) picks the hardware path when available.
    ///   `.hardware` on a CPU without it is a programming error (check `hardwareAvailable`) and traps.
    public init(implementation: Implementation = .automatic) {
        switch implementation {
        case .automatic: self.implementation = SHA256.hardwareAvailable ? .hardware : .swift
        case .swift: self.implementation = .swift
        case .hardware:
            precondition(SHA256.hardwareAvailable, "SHA-256 hardware path requested on a CPU without it")
            self.implementation = .hardware
        }
    }

    /// Feeds the next `bytes` (any count, including zero).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let hardware = implementation == .hardware
        buffer.update(bytes) { SHA256.compress(&state, $0, $1, hardware: hardware) }
    }

    /// Returns the 32-byte digest of everything fed, and resets the hasher to empty.
    public mutating func finalize() -> [UInt8] {
        let hardware = implementation == .hardware
        buffer.finish { SHA256.compress(&state, $0, $1, hardware: hardware) }
        var digest = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: state) { words in
            for i in 0..<8 {
                // i * 4 + 4 <= 32 = the size of the state tuple.
                let word = words.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                digest[i * 4] = UInt8(truncatingIfNeeded: word >> 24)
                digest[i * 4 + 1] = UInt8(truncatingIfNeeded: word >> 16)
                digest[i * 4 + 2] = UInt8(truncatingIfNeeded: word >> 8)
                digest[i * 4 + 3] = UInt8(truncatingIfNeeded: word)
            }
        }
        state = SHA256.initialState
        return digest
    }

    /// The SHA-256 of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer, implementation: Implementation = .automatic) -> [UInt8] {
        var hasher = SHA256(implementation: implementation)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Compresses `blockCount` whole blocks at `data` with the chosen path.
    @inline(__always)
    private static func compress(_ state: inout SHA256State, _ data: UnsafeRawPointer, _ blockCount: Int,
                                 hardware: Bool) {
        if hardware {
            withUnsafeMutablePointer(to: &state) { tuple in
                // The tuple is eight contiguous UInt32, the layout of the C kernel's uint32_t[8].
                tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { words in
                    wc_sha256_blocks_hw(words, data.assumingMemoryBound(to: UInt8.self), blockCount)
                }
            }
        } else {
            compressSwift(&state, data, blockCount)
        }
    }
}
