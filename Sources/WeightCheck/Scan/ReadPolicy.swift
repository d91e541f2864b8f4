// ReadPolicy: how many files the scan reads at once. Parallel reads of several files make a spinning disk seek
// between them on every request; one file at a time keeps it streaming. `auto` reads one file at a time per
// rotational disk (found through sysfs) and the rest in parallel. Only the order and concurrency of files
// change: every byte is still read once, by the same lanes and items.

/// `--io auto|sequential|parallel`.
public enum ReadPolicy: String, Sendable, CaseIterable {
    /// One file at a time on each rotational disk, files on other devices in parallel.
    case auto
    /// One file at a time, whatever the device.
    case sequential
    /// Several files at once (one digest lane per worker).
    case parallel

    /// For each file, the group it is read in: files of one group are read one at a time; nil reads freely.
    /// `sysfs` is where sysfs is mounted (tests pass a fake tree).
    public func groups(_ files: [MappedFile], sysfs: String = "/sys") -> [Int?] {
        switch self {
        case .parallel: return files.map { _ in nil }
        case .sequential: return files.map { _ in 0 }
        case .auto:
            var cache: [UInt64: Int?] = [:]
            return files.map { f in
                guard let dev = BlockDevice.deviceNumber(of: f.path) else { return nil }
                if let known = cache[dev] { return known }
                let group: Int? = BlockDevice.isRotational(device: dev, sysfs: sysfs) ? cache.count : nil
                cache[dev] = group
                return group
            }
        }
    }
}
