// ManifestReader: reads a manifest from disk or bytes and checks every field before anything uses it —
// format name, version, types, ranges, paths that stay inside the folder, no duplicates — naming the entry and byte.

/// Parses and validates manifests.
public enum ManifestReader {
    /// Manifests larger than this are refused (a manifest of a 10,000-tensor model is a few MB).
    public static let maximumBytes = 512 << 20

    /// Reads and validates the manifest at `path`.
    ///
    /// - Throws: `ManifestError` naming `path`, and the entry and byte offset where known: the file cannot
    ///   be read, is not JSON, is not a weightcheck manifest, has an unknown version, lacks or mistypes a
    ///   field, lists a path that would leave its folder, or lists a path twice.
    public static func read(path: String) throws(ManifestError) -> Manifest {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch {
            throw ManifestError(file: path, "cannot read: \(SystemError.reason(error.code))")
        }
        guard file.size <= maximumBytes else {
            throw ManifestError(file: path, "too large for a manifest: \(file.size) bytes (at most \(maximumBytes))")
        }
        return try file.withBytes { bytes throws(ManifestError) in try parse(bytes, name: path) }
    }

    /// Parses and validates manifest text held in `bytes`; `name` is used in errors.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws(ManifestError) -> Manifest {
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch {
            throw ManifestError(file: name, offset: error.offset, "not JSON: \(error.reason)")
        }
        return try validate(value, name: name)
    }

    /// Parses and validates manifest text; `name` is used in errors.
    public static func parse(_ text: String, name: String) throws(ManifestError) -> Manifest {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw -> Result<Manifest, ManifestError> in
            do throws(ManifestError) { return .success(try parse(raw, name: name)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Validates a parsed document as a manifest.
    public static func validate(_ value: JSONValue, name: String) throws(ManifestError) -> Manifest {
        guard case .object(let top) = value else {
            throw ManifestError(file: name, offset: 0, "not a weightcheck manifest: the document is a JSON \(value.kindName), not an object")
        }
        let fields = Fields(top, name: name, entry: nil)
        guard let format = top["format"] else {
            throw ManifestError(file: name, offset: 0, "not a weightcheck manifest: no \"format\" key")
        }
        guard format.stringValue == Manifest.formatName else {
            throw fields.error("format", "not a weightcheck manifest: format is \(format.serialized()), expected \"\(Manifest.formatName)\"")
        }
        guard let versionValue = top["version"] else { throw fields.error(nil, "missing \"version\"") }
        guard let version = versionValue.intValue else {
            throw fields.error("version", "\"version\" must be an integer, found \(versionValue.serialized())")
        }
        guard Manifest.readableVersions.contains(version) else {
            throw fields.error("version", "unknown manifest version \(version): this weightcheck reads versions "
                               + "\(Manifest.readableVersions.lowerBound) to \(Manifest.readableVersions.upperBound)")
        }
        try fields.onlyKeys(["format", "version", "created", "tool", "files"])
        let created = try fields.string("created")
        let tool = try fields.string("tool")
        let list = try fields.array("files")

        var entries: [ManifestEntry] = []
        var seen: [UTF8Key: Int] = [:]  // paths compared byte for byte, as the file system does
        for (i, item) in list.enumerated() {
            let entry = try readEntry(item, index: i, name: name, version: version, fallbackOffset: top.sourceOffset(ofKey: "files"))
            if let first = seen[UTF8Key(entry.path)] {
                throw ManifestError(file: name, entry: label(i, entry.path), offset: item.objectValue?.sourceOffset(ofKey: "path"),
                                    "duplicate path: also listed as files[\(first)]")
            }
            seen[UTF8Key(entry.path)] = i
            entries.append(entry)
        }
        return Manifest(version: version, created: created, tool: tool, files: entries)
    }

    private static func label(_ i: Int, _ path: String?) -> String {
        guard let path else { return "files[\(i)]" }
        return "files[\(i)] (" + JSONValue.string(path).serialized() + ")"
    }

    private static func readEntry(_ item: JSONValue, index i: Int, name: String, version: Int,
                                  fallbackOffset: Int?) throws(ManifestError) -> ManifestEntry {
        guard case .object(let o) = item else {
            throw ManifestError(file: name, entry: label(i, nil), offset: fallbackOffset, "must be an object, found a \(item.kindName)")
        }
        let path = o["path"]?.stringValue
        let f = Fields(o, name: name, entry: label(i, path))
        // Version 2 adds the whole file's XXH3-128; version 1 has none.
        try f.onlyKeys(version >= 2 ? ["path", "size", "sha256", "xxh128", "format", "header", "tensors"]
                                    : ["path", "size", "sha256", "format", "header", "tensors"])
        let p = try f.string("path")
        if let problem = ManifestPath.problem(p) { throw f.error("path", problem) }
        let size = try f.count("size")
        let sha = try f.hex("sha256", bytes: 32)
        let xxh = version >= 2 ? try f.hex("xxh128", bytes: 16) : nil
        var format: WeightFormat? = nil
        guard let formatValue = o["format"] else { throw f.error(nil, "missing \"format\"") }
        if !formatValue.isNull {
            guard let s = formatValue.stringValue, let w = WeightFormat(rawValue: s) else {
                throw f.error("format", "\"format\" must be \"gguf\", \"safetensors\", \"pytorch\" or null, found \(formatValue.serialized())")
            }
            format = w
        }
        guard format != nil else {
            for key in ["header", "tensors"] where o[key] != nil && o[key] != .null {
                throw f.error(key, "\"\(key)\" is only for weight files, but \"format\" is null")
            }
            return ManifestEntry(path: p, size: size, sha256: sha, xxh128: xxh)
        }
        let hf = Fields(try f.object("header"), name: name, entry: f.entry + ".header")
        try hf.onlyKeys(["bytes", "xxh128"])
        let headerBytes = try hf.count("bytes")
        guard headerBytes <= size else { throw hf.error("bytes", "header of \(headerBytes) bytes is longer than the file (\(size) bytes)") }
        let header = ManifestEntry.Header(bytes: headerBytes, xxh128: try hf.hex("xxh128", bytes: 16))

        var tensors: [ManifestEntry.Tensor] = []
        var names: Set<UTF8Key> = []
        for (k, t) in try f.array("tensors").enumerated() {
            let where_ = f.entry + ".tensors[\(k)]"
            guard case .object(let to) = t else {
                throw ManifestError(file: name, entry: where_, offset: o.sourceOffset(ofKey: "tensors"), "must be an object, found a \(t.kindName)")
            }
            let tf = Fields(to, name: name, entry: where_)
            try tf.onlyKeys(["name", "type", "shape", "offset", "size", "xxh128"])
            let tname = try tf.string("name")
            let type = try tf.string("type")
            var shape: [UInt64] = []
            for d in try tf.array("shape") {
                guard let v = d.uint64Value else { throw tf.error("shape", "\"shape\" must hold non-negative integers, found \(d.serialized())") }
                shape.append(v)
            }
            let offset = try tf.count("offset")
            let tsize = try tf.count("size")
            let (end, overflow) = offset.addingReportingOverflow(tsize)
            guard !overflow, end <= size else {
                throw tf.error("offset", "tensor bytes \(offset)..<\(overflow ? "overflow" : String(end)) lie past the end of the file (\(size) bytes)")
            }
            let digest = try tf.hex("xxh128", bytes: 16)
            guard names.insert(UTF8Key(tname)).inserted else { throw tf.error("name", "duplicate tensor name \(JSONValue.string(tname).serialized())") }
            guard offset >= headerBytes else {
                throw tf.error("offset", "tensor starts at byte \(offset), inside the header (bytes 0..<\(headerBytes))")
            }
            tensors.append(ManifestEntry.Tensor(name: tname, type: type, shape: shape, offset: offset, size: tsize, xxh128: digest))
        }
        // Tensors of a GGUF or safetensors file never share bytes; a manifest that says otherwise was edited.
        // (PyTorch tensors may be views of one storage.)
        let order = tensors.indices.filter { tensors[$0].size > 0 && format != .pytorch }.sorted { tensors[$0].offset < tensors[$1].offset }
        for (a, b) in zip(order, order.dropFirst()) where tensors[a].byteRange.upperBound > tensors[b].offset {
            throw ManifestError(file: name, entry: f.entry + ".tensors[\(b)]", offset: o.sourceOffset(ofKey: "tensors"),
                                "tensor \(JSONValue.string(tensors[b].name).serialized()) overlaps tensor \(JSONValue.string(tensors[a].name).serialized())")
        }
        return ManifestEntry(path: p, size: size, sha256: sha, xxh128: xxh, format: format, header: header, tensors: tensors)
    }
}

/// Typed access to one object's members, with errors that name the manifest, the entry and the key's offset.
private struct Fields {
    let object: JSONObject
    let name: String
    let entry: String

    init(_ object: JSONObject, name: String, entry: String?) {
        self.object = object
        self.name = name
        self.entry = entry ?? ""
    }

    func error(_ key: String?, _ reason: String) -> ManifestError {
        let offset = key.flatMap { object.sourceOffset(ofKey: $0) } ?? (object.isEmpty ? nil : object.sourceOffset(at: 0))
        return ManifestError(file: name, entry: entry.isEmpty ? nil : entry, offset: offset, reason)
    }

    func onlyKeys(_ allowed: Set<String>) throws(ManifestError) {
        for key in object.keys where !allowed.contains(key) {
            throw error(key, "unknown key \(JSONValue.string(key).serialized())")
        }
    }

    func value(_ key: String) throws(ManifestError) -> JSONValue {
        guard let v = object[key] else { throw error(nil, "missing \"\(key)\"") }
        return v
    }

    func string(_ key: String) throws(ManifestError) -> String {
        let v = try value(key)
        guard let s = v.stringValue else { throw error(key, "\"\(key)\" must be a string, found a \(v.kindName)") }
        return s
    }

    func array(_ key: String) throws(ManifestError) -> [JSONValue] {
        let v = try value(key)
        guard let a = v.arrayValue else { throw error(key, "\"\(key)\" must be an array, found a \(v.kindName)") }
        return a
    }

    func object(_ key: String) throws(ManifestError) -> JSONObject {
        let v = try value(key)
        guard let o = v.objectValue else { throw error(key, "\"\(key)\" must be an object, found a \(v.kindName)") }
        return o
    }

    /// A non-negative integer that fits in `Int`.
    func count(_ key: String) throws(ManifestError) -> Int {
        let v = try value(key)
        guard let n = v.intValue, n >= 0 else {
            throw error(key, "\"\(key)\" must be a non-negative integer, found \(v.serialized())")
        }
        return n
    }

    /// Lowercase hex of exactly `bytes` bytes.
    func hex(_ key: String, bytes: Int) throws(ManifestError) -> String {
        let s = try string(key)
        let ok = s.utf8.count == bytes * 2 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        guard ok else { throw error(key, "\"\(key)\" must be \(bytes * 2) lowercase hex digits, found \(JSONValue.string(s).serialized())") }
        return s
    }
}
