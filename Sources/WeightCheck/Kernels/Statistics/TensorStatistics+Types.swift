// TensorStatistics over raw tensor bytes of any type: fused paths for F32/F16/BF16 (no float buffer) and
// F64/wide integers (in Double), and block-by-block dequantization into a small stack buffer for the rest.

extension TensorStatistics {
    /// Adds every value stored in `blocks`, whole blocks of `type`, and counts the blocks with bad scales.
    ///
    /// This is the call a scan engine makes per chunk (any whole number of blocks, any alignment); merge the
    /// chunks' results in order with `merge`. F64, I32, I64, U32 and U64 are summarized in Double from the
    /// stored values (a finite 1e100 stays finite; I32/U32 from exact integer sums); every other type over its `dequantize` values.
    ///
    /// - Throws: `DequantizeError.unsupportedType` or `.partialBlock`; nothing is added then.
    /// - Complexity: O(bytes), one pass; a 16 KiB stack buffer at most, never a tensor-sized array.
    public mutating func add(_ type: ElementType, blocks: UnsafeRawBufferPointer) throws(DequantizeError) {
        try add(type, blocks: blocks, codes: TensorStatistics.prefersCodeKernel(type))
    }

    /// `add(_:blocks:)`, with the type's statistics-from-codes kernel where it has one (`codes`), or without:
    /// every value dequantized into floats first (the kernels' twin in the tests); `vector`: the AVX2 code
    /// kernels where a type has one (CodeStatistics+Vector), else the Swift ones.
    mutating func add(_ type: ElementType, blocks: UnsafeRawBufferPointer, codes: Bool,
                      vector: Bool = CodeVector.available) throws(DequantizeError) {
        guard type.canDequantize else { throw .unsupportedType(type) }
        let size = type.bytesPerBlock
        guard blocks.count % size == 0 else {
            throw .partialBlock(type: type, byteCount: blocks.count, bytesPerBlock: size)
        }
        guard let base = blocks.baseAddress, blocks.count > 0 else { return }
        let blockCount = blocks.count / size
        // Bad scales are counted where the blocks are read (addCodes, addDequantized: batch by batch, so one
        // pass over memory, not two); the float and integer types have no scales.
        // Below, every reader covers blockCount × size bytes: the whole of `blocks`, checked above.
        switch type {
        case .f32:
            accumulate(FloatLanes(base: base, count: blockCount))
        case .bf16:
            accumulate(BFloat16Lanes(base: base, count: blockCount))
        case .f16 where !HalfConversion.hasF16C || StatisticsVector.available:
            accumulate(HalfLanes(base: base, count: blockCount))
        case .f64:
            accumulateDoubles(count: blockCount) { Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 &* $0, as: UInt64.self))) }
        case .i32:
            accumulateInt32(base, count: blockCount, unsigned: false)
        case .u32:
            accumulateInt32(base, count: blockCount, unsigned: true)
        case .i64:
            accumulateDoubles(count: blockCount) { Double(Int64(littleEndian: base.loadUnaligned(fromByteOffset: 8 &* $0, as: Int64.self))) }
        case .u64:
            accumulateDoubles(count: blockCount) { Double(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 &* $0, as: UInt64.self))) }
        default:
            if codes && TensorStatistics.hasCodeKernel(type) {
                addCodes(type, base, blockCount, vector: vector)
            } else {
                addDequantized(type, base, blockCount)
            }
        }
    }

    /// Dequantizes `blockCount` blocks batch by batch into a stack buffer and adds each batch, counting each
    /// batch's bad scales just before (its bytes are then in cache for the dequantizer).
    private mutating func addDequantized(_ type: ElementType, _ base: UnsafeRawPointer, _ blockCount: Int) {
        let perBlock = type.elementsPerBlock, size = type.bytesPerBlock
        let blocksPerBatch = Swift.max(1, TensorStatistics.batchSize / perBlock)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: blocksPerBatch * perBlock) { buffer in
            guard let out = buffer.baseAddress else { return }
            var b = 0
            while b < blockCount {
                let n = Swift.min(blocksPerBatch, blockCount &- b)
                // n blocks from block b: within the caller's checked bytes; n × perBlock floats fit the buffer.
                let at = base + b &* size
                badScales += countBadScales(type, blocks: UnsafeRawBufferPointer(start: at, count: n &* size))
                Dequantize.run(type, at, n, out)
                add(UnsafeBufferPointer(start: out, count: n &* perBlock))
                b &+= n
            }
        }
    }
}

extension TensorStatistics {
    /// Counts the bad scales of blocks `counted ..< end` of `type` at `base` into `badScales` and moves `counted`
    /// to `end` (nothing when `end ≤ counted`): how a driver counts each window just before its kernel reads it,
    /// every block once however often the kernel stops. The caller guarantees `end` blocks lie within its bytes.
    @inline(__always)
    mutating func tallyBadScales(_ type: ElementType, _ base: UnsafeRawPointer, from counted: inout Int, to end: Int) {
        guard end > counted else { return }
        let size = type.bytesPerBlock
        badScales += countBadScales(type, blocks: UnsafeRawBufferPointer(start: base + counted &* size,
                                                                  count: (end &- counted) &* size))
        counted = end
    }

    /// Counts the one block of `type` at `p` into `badScales` if its scales are bad (a block a kernel handed back).
    @inline(__always)
    mutating func tallyBadScales(_ type: ElementType, block p: UnsafeRawPointer) {
        badScales += countBadScales(type, blocks: UnsafeRawBufferPointer(start: p, count: type.bytesPerBlock))
    }
}
