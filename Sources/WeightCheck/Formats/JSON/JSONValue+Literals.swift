// JSONValue+Literals: the ways to build a JSONValue in code — Swift literals and typed initializers — so the
// CLI and manifests can write `["name": .string(t.name), "shape": JSONValue(t.shape), "size": JSONValue(t.byteCount)]`.

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {

    /// `nil` is `null`.
    public init(nilLiteral: ()) { self = .null }
    /// `true` / `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string literal (interpolation included).
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal: an object with the keys in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}

extension JSONValue {
    /// An exact integer: `.integer` when it fits in `Int64`, `.unsigned` up to `UInt64.max`, and `.number`
    /// (rounded) only for wider types holding larger values.
    public init<T: BinaryInteger>(_ value: T) {
        if let v = Int64(exactly: value) {
            self = .integer(v)
        } else if let v = UInt64(exactly: value) {
            self = .unsigned(v)
        } else {
            self = .number(Double(value))
        }
    }

    /// A number. Non-finite values are allowed here; `JSONWriter` decides how to print them.
    public init(_ value: Double) { self = .number(value) }
    /// A number from a `Float` (widened exactly to Double).
    public init(_ value: Float) { self = .number(Double(value)) }
    /// A string.
    public init(_ value: String) { self = .string(value) }
    /// A Boolean.
    public init(_ value: Bool) { self = .bool(value) }
    /// An object.
    public init(_ value: JSONObject) { self = .object(value) }
    /// An array.
    public init(_ values: [JSONValue]) { self = .array(values) }

    /// An array of exact integers, such as a tensor shape.
    public init<S: Sequence>(_ values: S) where S.Element: BinaryInteger {
        self = .array(values.map { JSONValue($0) })
    }

    /// An array of strings.
    public init<S: Sequence>(_ values: S) where S.Element == String {
        self = .array(values.map { .string($0) })
    }

    /// The wrapped value, or `null` for nil.
    public init(_ value: JSONValue?) { self = value ?? .null }
}
