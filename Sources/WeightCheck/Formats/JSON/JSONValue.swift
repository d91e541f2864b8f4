// JSONValue: one JSON document as a plain value — what JSONParser produces and JSONWriter prints.
// Integers stay exact (64-bit, signed or unsigned); only literals with a fraction or exponent become Double.

/// A JSON value.
///
/// Integer literals are kept exact: `.integer` holds every value in `Int64`, `.unsigned` the values above
/// `Int64.max` up to `UInt64.max` (safetensors offsets are u64). `.integer(5)` and `.unsigned(5)` compare
/// equal, but the parser and the initializers only make `.unsigned` for values above `Int64.max`.
/// `.number` holds literals with a fraction or an exponent (and integers beyond 64 bits); `.number(1)` is not
/// equal to `.integer(1)`. Build values with literals: `["name": "w", "shape": [2, 3], "scale": 0.5, "x": nil]`.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits in `Int64`.
    case integer(Int64)
    /// An integer above `Int64.max`.
    case unsigned(UInt64)
    /// A number with a fraction or an exponent; printed shortest-round-trip.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in order.
    case object(JSONObject)

    // MARK: Accessors

    /// The Boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, when this is an integer literal that fits in `Int64`.
    public var int64Value: Int64? {
        switch self {
        case .integer(let v): return v
        case .unsigned(let v): return Int64(exactly: v)
        default: return nil
        }
    }

    /// The integer, when this is a non-negative integer literal (any value up to `UInt64.max`).
    public var uint64Value: UInt64? {
        switch self {
        case .integer(let v): return UInt64(exactly: v)
        case .unsigned(let v): return v
        default: return nil
        }
    }

    /// The integer, when this is an integer literal that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .integer(let v): return Int(exactly: v)
        case .unsigned(let v): return Int(exactly: v)
        default: return nil
        }
    }

    /// The value as a Double, when this is any number (integers may round).
    public var doubleValue: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .unsigned(let v): return Double(v)
        case .number(let v): return v
        default: return nil
        }
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The member `key` when this is an object that has it; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` when this is an array that long; nil otherwise.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, index >= 0, index < a.count { return a[index] }
        return nil
    }

    /// The JSON kind in words, for messages: `null`, `boolean`, `integer`, `number`, `string`, `array`, `object`.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer, .unsigned: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    // MARK: Hashable (integers compare by value across .integer and .unsigned)

    /// Structural equality; integers compare by value whichever case holds them, strings byte for byte.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.integer, .integer), (.integer, .unsigned), (.unsigned, .integer), (.unsigned, .unsigned):
            return a.int64Value == b.int64Value && a.uint64Value == b.uint64Value
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer, .unsigned:
            hasher.combine(2)
            if let v = int64Value { hasher.combine(v) } else { hasher.combine(uint64Value) }
        case .number(let d): hasher.combine(3); hasher.combine(d)
        case .string(let s): hasher.combine(4); hasher.combine(UTF8Key(s))
        case .array(let a): hasher.combine(5); hasher.combine(a)
        case .object(let o): hasher.combine(6); hasher.combine(o)
        }
    }
}
