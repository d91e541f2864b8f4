// ElementType: the one table of every GGML tensor type and every safetensors dtype, with the block
// geometry that gives each its size. Every size computation in the package goes through `byteCount(elements:)`.

/// The storage type of a tensor's elements: a GGML type (by id) or a safetensors dtype (by name).
///
/// Block types store `elementsPerBlock` elements in `bytesPerBlock` bytes; plain types have blocks of one
/// element; sub-byte safetensors types (F4, F6) are modelled as the smallest whole-byte block.
public enum ElementType: Hashable, Sendable, CustomStringConvertible {
    // Shared by both formats (GGML id where it has one).
    case f32, f16, bf16, f64, i8, i16, i32, i64
    // GGML block types.
    case q4_0, q4_1, q5_0, q5_1, q8_0, q8_1
    case q2_K, q3_K, q4_K, q5_K, q6_K, q8_K
    case iq2_xxs, iq2_xs, iq3_xxs, iq1_s, iq4_nl, iq3_s, iq2_s, iq4_xs, iq1_m
    case tq1_0, tq2_0, mxfp4, nvfp4, q1_0
    // safetensors-only dtypes.
    case bool, u8, u16, u32, u64, c64
    case f8_e4m3, f8_e5m2, f8_e8m0, f8_e4m3fnuz, f8_e5m2fnuz
    case f4, f6_e2m3, f6_e3m2
    /// A GGML type id this table does not know (a fork's type, or a removed one such as 4, 5, 31–33, 36–38).
    case unknownGGML(UInt32)

    /// The traits row of this type.
    public struct Traits: Sendable {
        /// The name printed for this type: GGML's for GGML types, safetensors' for safetensors dtypes.
        public let name: String
        /// The GGML type id, when GGUF can hold this type.
        public let ggmlID: UInt32?
        /// Whether a safetensors file can hold this type.
        public let inSafetensors: Bool
        /// Elements in one block (1 for plain types); 0 for an unknown type.
        public let elementsPerBlock: Int
        /// Bytes in one block; 0 for an unknown type.
        public let bytesPerBlock: Int
    }

    // swiftlint:disable comma
    /// The table itself: one row per type.
    public var traits: Traits {
        switch self {
        case .f32:        return Traits(name: "F32",     ggmlID: 0,  inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 4)
        case .f16:        return Traits(name: "F16",     ggmlID: 1,  inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 2)
        case .q4_0:       return Traits(name: "Q4_0",    ggmlID: 2,  inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 18)
        case .q4_1:       return Traits(name: "Q4_1",    ggmlID: 3,  inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 20)
        case .q5_0:       return Traits(name: "Q5_0",    ggmlID: 6,  inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 22)
        case .q5_1:       return Traits(name: "Q5_1",    ggmlID: 7,  inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 24)
        case .q8_0:       return Traits(name: "Q8_0",    ggmlID: 8,  inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 34)
        // ggml's block_q8_1 is 36 bytes (f16 d, f16 s, 32 × i8; static_assert in ggml-common.h). gguf-py's table
        // says 40 (an older f32 layout); the loader is the authority for what a file means, so ggml wins.
        // ElementTypeTests holds every row here to ggml's sizes (testdata/ggml_oracle/type_sizes.tsv).
        case .q8_1:       return Traits(name: "Q8_1",    ggmlID: 9,  inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 36)
        case .q2_K:       return Traits(name: "Q2_K",    ggmlID: 10, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 84)
        case .q3_K:       return Traits(name: "Q3_K",    ggmlID: 11, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 110)
        case .q4_K:       return Traits(name: "Q4_K",    ggmlID: 12, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 144)
        case .q5_K:       return Traits(name: "Q5_K",    ggmlID: 13, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 176)
        case .q6_K:       return Traits(name: "Q6_K",    ggmlID: 14, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 210)
        case .q8_K:       return Traits(name: "Q8_K",    ggmlID: 15, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 292)
        case .iq2_xxs:    return Traits(name: "IQ2_XXS", ggmlID: 16, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 66)
        case .iq2_xs:     return Traits(name: "IQ2_XS",  ggmlID: 17, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 74)
        case .iq3_xxs:    return Traits(name: "IQ3_XXS", ggmlID: 18, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 98)
        case .iq1_s:      return Traits(name: "IQ1_S",   ggmlID: 19, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 50)
        case .iq4_nl:     return Traits(name: "IQ4_NL",  ggmlID: 20, inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 18)
        case .iq3_s:      return Traits(name: "IQ3_S",   ggmlID: 21, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 110)
        case .iq2_s:      return Traits(name: "IQ2_S",   ggmlID: 22, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 82)
        case .iq4_xs:     return Traits(name: "IQ4_XS",  ggmlID: 23, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 136)
        case .i8:         return Traits(name: "I8",      ggmlID: 24, inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 1)
        case .i16:        return Traits(name: "I16",     ggmlID: 25, inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 2)
        case .i32:        return Traits(name: "I32",     ggmlID: 26, inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 4)
        case .i64:        return Traits(name: "I64",     ggmlID: 27, inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 8)
        case .f64:        return Traits(name: "F64",     ggmlID: 28, inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 8)
        case .iq1_m:      return Traits(name: "IQ1_M",   ggmlID: 29, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 56)
        case .bf16:       return Traits(name: "BF16",    ggmlID: 30, inSafetensors: true,  elementsPerBlock: 1,   bytesPerBlock: 2)
        case .tq1_0:      return Traits(name: "TQ1_0",   ggmlID: 34, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 54)
        case .tq2_0:      return Traits(name: "TQ2_0",   ggmlID: 35, inSafetensors: false, elementsPerBlock: 256, bytesPerBlock: 66)
        case .mxfp4:      return Traits(name: "MXFP4",   ggmlID: 39, inSafetensors: false, elementsPerBlock: 32,  bytesPerBlock: 17)
        case .nvfp4:      return Traits(name: "NVFP4",   ggmlID: 40, inSafetensors: false, elementsPerBlock: 64,  bytesPerBlock: 36)
        case .q1_0:       return Traits(name: "Q1_0",    ggmlID: 41, inSafetensors: false, elementsPerBlock: 128, bytesPerBlock: 18)
        case .bool:       return Traits(name: "BOOL",    ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 1)
        case .u8:         return Traits(name: "U8",      ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 1)
        case .u16:        return Traits(name: "U16",     ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 2)
        case .u32:        return Traits(name: "U32",     ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 4)
        case .u64:        return Traits(name: "U64",     ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 8)
        case .c64:        return Traits(name: "C64",     ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 8)
        case .f8_e4m3:    return Traits(name: "F8_E4M3", ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 1)
        case .f8_e5m2:    return Traits(name: "F8_E5M2", ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 1)
        case .f8_e8m0:    return Traits(name: "F8_E8M0", ggmlID: nil, inSafetensors: true, elementsPerBlock: 1,   bytesPerBlock: 1)
        case .f8_e4m3fnuz: return Traits(name: "F8_E4M3FNUZ", ggmlID: nil, inSafetensors: true, elementsPerBlock: 1, bytesPerBlock: 1)
        case .f8_e5m2fnuz: return Traits(name: "F8_E5M2FNUZ", ggmlID: nil, inSafetensors: true, elementsPerBlock: 1, bytesPerBlock: 1)
        case .f4:         return Traits(name: "F4",      ggmlID: nil, inSafetensors: true, elementsPerBlock: 2,   bytesPerBlock: 1)
        case .f6_e2m3:    return Traits(name: "F6_E2M3", ggmlID: nil, inSafetensors: true, elementsPerBlock: 4,   bytesPerBlock: 3)
        case .f6_e3m2:    return Traits(name: "F6_E3M2", ggmlID: nil, inSafetensors: true, elementsPerBlock: 4,   bytesPerBlock: 3)
        case .unknownGGML(let id):
            return Traits(name: "unknown type \(id)", ggmlID: id, inSafetensors: false, elementsPerBlock: 0, bytesPerBlock: 0)
        }
    }
    // swiftlint:enable comma

    /// Every known type, in table order.
    public static let allKnown: [ElementType] = [
        .f32, .f16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K,
        .iq2_xxs, .iq2_xs, .iq3_xxs, .iq1_s, .iq4_nl, .iq3_s, .iq2_s, .iq4_xs, .i8, .i16, .i32, .i64, .f64,
        .iq1_m, .bf16, .tq1_0, .tq2_0, .mxfp4, .nvfp4, .q1_0,
        .bool, .u8, .u16, .u32, .u64, .c64, .f8_e4m3, .f8_e5m2, .f8_e8m0, .f8_e4m3fnuz, .f8_e5m2fnuz,
        .f4, .f6_e2m3, .f6_e3m2,
    ]

    private static let byGGMLID: [UInt32: ElementType] = {
        var table: [UInt32: ElementType] = [:]
        for t in allKnown { if let id = t.traits.ggmlID { table[id] = t } }
        return table
    }()

    private static let bySafetensorsName: [String: ElementType] = {
        var table: [String: ElementType] = [:]
        for t in allKnown where t.traits.inSafetensors { table[t.traits.name] = t }
        return table
    }()

    /// The type with GGML id `id`, or `.unknownGGML(id)`.
    public init(ggmlID id: UInt32) {
        self = ElementType.byGGMLID[id] ?? .unknownGGML(id)
    }

    /// The safetensors dtype named `name` (exact, upper case as the format writes it), or nil.
    public init?(safetensorsName name: String) {
        guard let t = ElementType.bySafetensorsName[name] else { return nil }
        self = t
    }

    /// The type's printed name (`Q4_K`, `BF16`, `unknown type 77`).
    public var name: String { traits.name }
    public var description: String { traits.name }
    /// Elements per block (1 for plain types, 0 for unknown types).
    public var elementsPerBlock: Int { traits.elementsPerBlock }
    /// Bytes per block (0 for unknown types).
    public var bytesPerBlock: Int { traits.bytesPerBlock }
    /// Whether this type's size is known.
    public var isKnown: Bool { traits.elementsPerBlock > 0 }
    /// Whether values are stored in blocks with shared scales (the GGML quantized types).
    public var isBlockQuantized: Bool { traits.elementsPerBlock > 1 && !traits.inSafetensors }
    /// Whether this is a plain floating-point type whose values can be NaN or Inf as stored.
    public var isFloat: Bool {
        switch self {
        case .f32, .f16, .bf16, .f64, .f8_e4m3, .f8_e5m2, .f8_e4m3fnuz, .f8_e5m2fnuz, .f8_e8m0, .c64: return true
        default: return false
        }
    }

    /// Bytes that `elements` elements take, or nil when `elements` is not a whole number of blocks,
    /// the type is unknown, or the product overflows.
    public func byteCount(elements: UInt64) -> UInt64? {
        let per = UInt64(elementsPerBlock)
        guard per > 0, elements % per == 0 else { return nil }
        let (bytes, overflow) = (elements / per).multipliedReportingOverflow(by: UInt64(bytesPerBlock))
        return overflow ? nil : bytes
    }

    /// Storage bits per element (4.5 for Q4_0, 16 for BF16), for bits-per-weight figures.
    public var bitsPerElement: Double {
        guard elementsPerBlock > 0 else { return 0 }
        return Double(bytesPerBlock * 8) / Double(elementsPerBlock)
    }
}
