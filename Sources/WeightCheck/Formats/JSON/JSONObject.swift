// JSONObject: an ordered string-keyed map, the object type of JSONValue. Keys keep the order they were
// parsed or added in, are compared byte for byte (as the reference readers do), and lookups are O(1).

/// An ordered JSON object: keys in insertion order, unique, compared by their UTF-8 bytes.
///
/// Two objects are equal when they hold the same keys in the same order with equal values. When the object
/// came from `JSONParser`, `sourceOffset(at:)` gives the byte offset where each key was read.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One member: a key and its value.
    public typealias Element = (key: String, value: JSONValue)

    private var entries: [Entry] = []
    /// Key → position, kept only for objects with more than `linearLimit` members; small objects are scanned.
    private var index: [UTF8Key: Int] = [:]
    private static let linearLimit = 8

    private struct Entry: Sendable {
        var key: String
        var value: JSONValue
        var offset: Int?
    }

    /// An empty object.
    public init() {}

    /// An object with `pairs` in order; a repeated key keeps its first position and takes the last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        for (key, value) in pairs { self[key] = value }
    }

    /// An object from a dictionary literal, in the order written; a repeated key takes the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    // MARK: Collection

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The member count.
    public var endIndex: Int { entries.count }
    /// The member at `position` (0 ..< count), as a key/value pair.
    public subscript(position: Int) -> Element {
        let e = entries[position]
        return (e.key, e.value)
    }

    // MARK: Keyed access

    /// The position of `key`: a scan for small objects, the index for large ones.
    private func find(_ key: UTF8Key) -> Int? {
        if entries.count > JSONObject.linearLimit { return index[key] }
        return entries.firstIndex { UTF8Key($0.key) == key }
    }

    /// Adds a new member (the key must be absent), keeping the index when the object is large.
    private mutating func appendNew(_ entry: Entry) {
        entries.append(entry)
        if entries.count == JSONObject.linearLimit + 1 {
            rebuildIndex()
        } else if entries.count > JSONObject.linearLimit {
            index[UTF8Key(entry.key)] = entries.count - 1
        }
    }

    /// The keys, in order.
    public var keys: [String] { entries.map(\.key) }
    /// The values, in key order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The value for `key`, or nil. Setting a new key appends it; setting nil removes the key (O(n)).
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = find(UTF8Key(key)) else { return nil }
            return entries[i].value
        }
        set {
            if let i = find(UTF8Key(key)) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                appendNew(Entry(key: key, value: newValue, offset: nil))
            }
        }
    }

    /// Whether `key` is present.
    public func contains(key: String) -> Bool { find(UTF8Key(key)) != nil }

    /// The position of `key` in the member order, or nil.
    public func position(ofKey key: String) -> Int? { find(UTF8Key(key)) }

    /// The byte offset where the member at `position` was read (its key's opening quote), when the object
    /// came from `JSONParser`; nil for members added in code.
    public func sourceOffset(at position: Int) -> Int? { entries[position].offset }

    /// The byte offset where `key` was read, when the object came from `JSONParser`.
    public func sourceOffset(ofKey key: String) -> Int? {
        guard let i = find(UTF8Key(key)) else { return nil }
        return entries[i].offset
    }

    /// Appends a member read by the parser. Returns false (and changes nothing) when `key` is already present.
    mutating func appendParsed(key: String, value: JSONValue, offset: Int) -> Bool {
        if find(UTF8Key(key)) != nil { return false }
        appendNew(Entry(key: key, value: value, offset: offset))
        return true
    }

    private mutating func rebuildIndex() {
        index.removeAll(keepingCapacity: true)
        guard entries.count > JSONObject.linearLimit else { return }
        for (i, e) in entries.enumerated() { index[UTF8Key(e.key)] = i }
    }

    // MARK: Hashable (source offsets are not part of the value)

    /// Same keys (byte for byte) in the same order with equal values.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.entries.count == b.entries.count else { return false }
        for (x, y) in zip(a.entries, b.entries) {
            guard UTF8Key(x.key) == UTF8Key(y.key), x.value == y.value else { return false }
        }
        return true
    }

    /// Hashes the keys and values in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for e in entries {
            hasher.combine(UTF8Key(e.key))
            hasher.combine(e.value)
        }
    }
}

/// A string compared and hashed by its UTF-8 bytes, not by Unicode canonical equivalence as `String` is:
/// "é" precomposed and "e" + combining accent are different keys, as they are to the Rust and Python readers.
struct UTF8Key: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        let x = a.string.utf8, y = b.string.utf8
        guard x.count == y.count else { return false }
        // Native strings are contiguous UTF-8: compare the buffers; otherwise fall back to the views.
        let fast = x.withContiguousStorageIfAvailable { px in
            y.withContiguousStorageIfAvailable { py in px.elementsEqual(py) }
        }
        if let fast, let equal = fast { return equal }
        return x.elementsEqual(y)
    }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
