// PickleValue: what the allow-listed pickle machine builds — plain Python values, containers by reference
// (pickle mutates lists and dicts after memoizing them), storages and tensors, and opaque results of calls
// it refused to make.

/// A value on the pickle machine's stack.
public indirect enum PickleValue: Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer too wide for 64 bits (only its byte length is kept).
    case bigInt(bytes: Int)
    case float(Double)
    case string(String)
    case bytes(Int)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// A `module.name` reference, as GLOBAL / STACK_GLOBAL pushed it.
    case global(String)
    /// A storage named by a persistent id: `('storage', torch.FloatStorage, key, location, numel)`.
    case storage(PickleStorage)
    /// A tensor rebuilt by `torch._utils._rebuild_tensor_v2` (or wrapped by `_rebuild_parameter`).
    case tensor(PickleTensor)
    /// The result of a call the machine did not make (its callable's dotted name).
    case opaque(String)
    /// The MARK sentinel.
    case mark
}

/// A list, shared by reference as Python's is.
public final class PickleList: @unchecked Sendable {
    // @unchecked Sendable: mutated only by the single-threaded machine that built it; read after it finishes.
    var items: [PickleValue] = []
    init(_ items: [PickleValue] = []) { self.items = items }
}

/// A dict (or `OrderedDict`), shared by reference, keys in insertion order.
public final class PickleDict: @unchecked Sendable {
    // @unchecked Sendable: mutated only by the single-threaded machine that built it; read after it finishes.
    var pairs: [(key: PickleValue, value: PickleValue)] = []
    init() {}
}

/// A storage of a checkpoint: which zip entry holds it and what element type torch gave it.
public struct PickleStorage: Sendable, Hashable {
    /// The key: the storage lives in the entry `<archive>/data/<key>`.
    public let key: String
    /// torch's storage class name (`FloatStorage`, `BFloat16Storage`, `UntypedStorage`).
    public let className: String
    /// Element type, when torch's storage class has one the type table knows.
    public let type: ElementType?
    /// Elements the storage holds, as recorded.
    public let count: Int64
    /// The device it was saved from (`cpu`, `cuda:0`).
    public let location: String
}

/// A tensor as the pickle describes it: a strided view into a storage.
public struct PickleTensor: Sendable, Hashable {
    public let storage: PickleStorage
    /// Offset into the storage, in elements.
    public let storageOffset: Int64
    /// Sizes, outermost first.
    public let shape: [Int64]
    /// Strides, in elements.
    public let strides: [Int64]
    /// Element type: the dtype `_rebuild_tensor_v3` names, else the storage class's.
    public let type: ElementType?
    /// torch's name for it (`FloatStorage`, `float8_e4m3fn`), for messages.
    public let typeName: String
    /// Byte offset of the REDUCE that built it (for findings).
    public let offset: Int
}

extension PickleValue {
    /// The string, when this is one.
    var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The integer, when this is one (a bool counts as 0 or 1, as Python's does).
    var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// Items of a tuple or list.
    var sequence: [PickleValue]? {
        switch self {
        case .tuple(let t): return t
        case .list(let l): return l.items
        default: return nil
        }
    }
}
