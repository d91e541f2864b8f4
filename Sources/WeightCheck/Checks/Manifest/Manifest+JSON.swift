// Manifest as JSON: the canonical text a manifest is written as — fixed key order, two-space indentation,
// one tensor per line — so two manifests of the same folder diff line by line.

extension Manifest {
    /// The manifest as one JSON value, keys in schema order.
    public var json: JSONValue {
        var top = JSONObject()
        top["format"] = .string(Manifest.formatName)
        top["version"] = JSONValue(version)
        top["created"] = .string(created)
        top["tool"] = .string(tool)
        top["files"] = .array(files.map(\.json))
        return .object(top)
    }

    /// The canonical text: what `manifest create` writes, ending with a newline.
    ///
    /// Pretty-printed with two-space indentation, except that each tensor record and each `header` object is
    /// printed compactly on one line, so a changed tensor shows as a one-line diff.
    public func serialized() -> String {
        let compact = JSONWriter(style: .compact)
        func q(_ s: String) -> String { compact.string(.string(s)) }
        var out = "{\n"
        out += "  \"format\": \(q(Manifest.formatName)),\n"
        out += "  \"version\": \(version),\n"
        out += "  \"created\": \(q(created)),\n"
        out += "  \"tool\": \(q(tool)),\n"
        if files.isEmpty {
            out += "  \"files\": []\n}\n"
            return out
        }
        out += "  \"files\": [\n"
        for (i, f) in files.enumerated() {
            var lines = [
                "      \"path\": \(q(f.path))",
                "      \"size\": \(f.size)",
                "      \"sha256\": \(q(f.sha256))",
            ]
            if let x = f.xxh128 { lines.append("      \"xxh128\": \(q(x))") }
            lines.append("      \"format\": " + (f.format.map { q($0.rawValue) } ?? "null"))
            if let h = f.header { lines.append("      \"header\": " + compact.string(ManifestEntry.json(h))) }
            if let tensors = f.tensors {
                if tensors.isEmpty {
                    lines.append("      \"tensors\": []")
                } else {
                    let rows = tensors.map { "        " + compact.string(ManifestEntry.json($0)) }
                    lines.append("      \"tensors\": [\n" + rows.joined(separator: ",\n") + "\n      ]")
                }
            }
            out += "    {\n" + lines.joined(separator: ",\n") + "\n    }" + (i + 1 < files.count ? ",\n" : "\n")
        }
        out += "  ]\n}\n"
        return out
    }
}

extension ManifestEntry {
    /// The entry as JSON, keys in schema order (`header`/`tensors` only for weight files).
    public var json: JSONValue {
        var o = JSONObject()
        o["path"] = .string(path)
        o["size"] = JSONValue(size)
        o["sha256"] = .string(sha256)
        if let xxh128 { o["xxh128"] = .string(xxh128) }
        o["format"] = format.map { .string($0.rawValue) } ?? .null
        if let header { o["header"] = ManifestEntry.json(header) }
        if let tensors { o["tensors"] = .array(tensors.map(ManifestEntry.json)) }
        return .object(o)
    }

    static func json(_ h: Header) -> JSONValue {
        ["bytes": JSONValue(h.bytes), "xxh128": .string(h.xxh128)]
    }

    static func json(_ t: Tensor) -> JSONValue {
        [
            "name": .string(t.name),
            "type": .string(t.type),
            "shape": JSONValue(t.shape),
            "offset": JSONValue(t.offset),
            "size": JSONValue(t.size),
            "xxh128": .string(t.xxh128),
        ]
    }
}
