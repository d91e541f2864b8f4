// BenchmarkReport: what `KernelBenchmark.run` measured — GB/s per kernel and thread count, the memory read
// bandwidth they are measured against, the disk read speed — and the verify-time estimate made from them.

/// One measured throughput.
public struct KernelThroughput: Sendable, Equatable {
    /// The kernel's name (`memory-read`, `sha256`, `xxh3`, `stats-f32`, `dequant-q4_k`, `verify`, …).
    public let kernel: String
    /// Threads that ran it at once (each on its own part of the input).
    public let threads: Int
    /// Gigabytes (10^9 bytes) of input per second, the best run.
    public let gbps: Double
    /// Input bytes of one run (all threads together).
    public let bytes: Int
    /// Runs timed.
    public let runs: Int
    /// CPU time of the best run over its wall time × threads: near 1 when the threads ran undisturbed; well
    /// below 1 when other processes took the cores (the figure is then low), or when threads waited.
    public let cpuShare: Double

    /// A figure.
    public init(kernel: String, threads: Int, gbps: Double, bytes: Int, runs: Int, cpuShare: Double = 1) {
        self.kernel = kernel
        self.threads = threads
        self.gbps = gbps
        self.bytes = bytes
        self.runs = runs
        self.cpuShare = cpuShare
    }
}

/// Everything one benchmark run measured.
public struct BenchmarkReport: Sendable {
    /// Cores the system reports.
    public var cores: Int
    /// Thread counts measured (1 and the requested count).
    public var threadCounts: [Int]
    /// Whether `sha256` ran on the CPU's SHA instructions.
    public var sha256Hardware: Bool
    /// Every figure, memory read and whole passes included, in measuring order.
    public var figures: [KernelThroughput] = []
    /// Sequential `read(2)` speed of the benchmark file after its cached pages were dropped (GB/s), when
    /// the system allowed dropping them. On a virtual machine the host may still cache the file.
    public var diskReadGBps: Double?
    /// Wall-clock seconds the whole run took.
    public var seconds = 0.0

    /// A report with no figures yet.
    public init(cores: Int, threadCounts: [Int], sha256Hardware: Bool) {
        self.cores = cores
        self.threadCounts = threadCounts
        self.sha256Hardware = sha256Hardware
    }

    /// The GB/s of `kernel` on `threads` threads, if measured.
    public func gbps(_ kernel: String, threads: Int) -> Double? {
        figures.first { $0.kernel == kernel && $0.threads == threads }?.gbps
    }

    /// Memory read bandwidth on `threads` threads (GB/s), if measured.
    public func memoryRead(threads: Int) -> Double? { gbps(KernelBenchmark.memoryKernel, threads: threads) }

    /// The machine's memory read bandwidth: the best figure over the thread counts measured.
    public var memoryReadGBps: Double? {
        figures.filter { $0.kernel == KernelBenchmark.memoryKernel }.map(\.gbps).max()
    }

    /// The kernel names in measuring order, each once.
    public var kernels: [String] {
        var seen = Set<String>(), out: [String] = []
        for f in figures where seen.insert(f.kernel).inserted { out.append(f.kernel) }
        return out
    }

    /// Seconds `verify` would take here over `bytes` of weight files already in the page cache, from the best
    /// measured verify throughput; nil when verify was not measured.
    public func verifySeconds(bytes: UInt64) -> Double? {
        let best = figures.filter { $0.kernel == KernelBenchmark.verifyKernel }.map(\.gbps).max()
        guard let best, best > 0 else { return nil }
        return Double(bytes) / (best * 1e9)
    }

    /// Seconds `verify` would take over `bytes` read from the disk measured: the slower of verify and the disk.
    public func verifySecondsFromDisk(bytes: UInt64) -> Double? {
        guard let fromCache = verifySeconds(bytes: bytes), let disk = diskReadGBps, disk > 0 else { return nil }
        return max(fromCache, Double(bytes) / (disk * 1e9))
    }
}
