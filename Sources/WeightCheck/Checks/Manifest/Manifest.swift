// Manifest: the archival record of a folder — every file's size and SHA-256, and for weight files the digest
// of the header and of each tensor — in a versioned JSON schema that diffs cleanly between two runs.

/// What a folder held when it was written down: one entry per file, sorted by path.
///
/// ## Schema (`"format": "weightcheck-manifest"`, `"version": 2`)
///
/// ```json
/// {
///   "format": "weightcheck-manifest",
///   "version": 2,
///   "created": "2025-06-01T12:00:00Z",
///   "tool": "weightcheck 0.1.0",
///   "files": [
///     {
///       "path": "config.json",
///       "size": 41,
///       "sha256": "<64 hex>",
///       "xxh128": "<32 hex>",
///       "format": null
///     },
///     {
///       "path": "model.gguf",
///       "size": 11840,
///       "sha256": "<64 hex>",
///       "xxh128": "<32 hex>",
///       "format": "gguf",
///       "header": {"bytes":1024,"xxh128":"<32 hex>"},
///       "tensors": [
///         {"name":"token_embd.weight","type":"Q4_K","shape":[256,32],"offset":1024,"size":4608,"xxh128":"<32 hex>"}
///       ]
///     }
///   ]
/// }
/// ```
///
/// - `format` is always `"weightcheck-manifest"`; `version` is `2` (written) or `1` (still read: the same
///   schema without the whole-file `xxh128`). A reader rejects any other version.
/// - `created` is the UTC time of writing in ISO 8601 (`YYYY-MM-DDThh:mm:ssZ`); `tool` names the writer.
/// - `files` is sorted by `path`, compared byte by byte as UTF-8; no path appears twice.
/// - `path` is relative to the folder that holds the manifest (or the `--root` given to `check`), with `/`
///   separators. It is never empty, never absolute, has no empty, `.` or `..` components, and contains no
///   backslash or NUL. Hidden files and folders (names starting with `.`) are not listed unless named explicitly.
/// - `size` is the file's length in bytes; `sha256` its SHA-256, lowercase hex (what `sha256sum` prints);
///   `xxh128` (version 2, every file) the XXH3-128 of the whole file (seed 0, as `xxhsum -H2` prints it): the
///   fast tier `manifest check --fast` proves every byte against (bit rot, not tampering).
/// - `format` is `"gguf"` or `"safetensors"` when the content (never the name) says so and the file parses;
///   `null` for every other file (configs, tokenizers, licences, and weight files that did not parse).
/// - Weight files only: `header.bytes` is where tensor data begins (GGUF: after the alignment padding;
///   safetensors: 8 + the header length); `header.xxh128` is the XXH3-128 (seed 0, as `xxhsum -H2` prints it)
///   of bytes `0..<header.bytes`. `tensors` lists every tensor in header order: `name`; `type` (GGML type name
///   or safetensors dtype, e.g. `Q4_K`, `BF16`); `shape` in the format's own order (GGUF `ne[0]` first,
///   safetensors outermost first); `offset`, the absolute byte offset of its first byte in the file; `size`
///   in bytes; and `xxh128` of those bytes.
/// - Key order is exactly as shown, so two manifests of the same folder differ only in `created` and in what
///   changed. Writers print each tensor on one line, so a changed tensor is a one-line diff.
///
/// Readers check everything (`ManifestReader`): every key shown is required (`header` and `tensors` exactly
/// when `format` is not null), unknown keys are rejected, numbers must be non-negative integers, digests
/// lowercase hex of the right length, tensor ranges inside the file, after the header and not overlapping.
/// Symbolic links to files are followed (Hugging Face snapshots are made of them); links to folders never are.
public struct Manifest: Sendable, Equatable {
    /// The value of the top-level `format` key.
    public static let formatName = "weightcheck-manifest"
    /// The schema version this code writes and reads.
    public static let currentVersion = 2
    /// The schema versions this code reads: 1 (no whole-file XXH3-128) and 2.
    public static let readableVersions = 1...2
    /// The file name `manifest create` writes by default, and that walks never list as content.
    public static let defaultFileName = "weightcheck.manifest.json"

    /// The schema version.
    public var version: Int
    /// When it was written: ISO 8601, UTC.
    public var created: String
    /// The writer, `weightcheck X.Y.Z`.
    public var tool: String
    /// One entry per file, sorted by path (UTF-8 byte order).
    public var files: [ManifestEntry]

    /// A manifest of `files` (sorted here by path).
    public init(version: Int = Manifest.currentVersion, created: String, tool: String, files: [ManifestEntry]) {
        self.version = version
        self.created = created
        self.tool = tool
        self.files = files.sorted { Manifest.pathOrder($0.path, $1.path) }
    }

    /// The entry for `path`, if listed.
    public func entry(_ path: String) -> ManifestEntry? {
        files.first { $0.path.utf8.elementsEqual(path.utf8) }
    }

    /// Total bytes of every file listed.
    public var totalBytes: Int { files.reduce(0) { $0 + $1.size } }

    /// The order of paths in a manifest: UTF-8 bytes, lexicographically (not Unicode canonical order, so
    /// every platform and every language sorts the same way).
    public static func pathOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
