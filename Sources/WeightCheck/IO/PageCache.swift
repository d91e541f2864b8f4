// PageCache: what `bench` needs to measure the disk rather than memory — drop a file's cached pages, then
// read it through once with plain reads.

/// Page-cache control for one file.
public enum PageCache {
    /// Writes `path`'s dirty pages to disk and asks the kernel to forget its cached pages, so the next read
    /// comes from the device. Returns false where that is unsupported (macOS) or fails.
    public static func evict(path: String) -> Bool { Sys.dropCachedPages(path) }

    /// Reads all of `path` sequentially with `read(2)` in `chunkBytes` pieces; returns the bytes read, or nil
    /// when the file cannot be opened or read.
    public static func readThrough(path: String, chunkBytes: Int = 8 << 20) -> Int? {
        Sys.readSequentially(path, chunkBytes: max(4096, chunkBytes))
    }
}
