// ReadAhead: a file copied front to back by a thread of its own into a small ring of buffers, a few pieces ahead of
// the whole-file pass that uses them, so the copy out of the page cache overlaps the digest instead of preceding it.

import Foundation

/// A reader thread that `pread`s a file into a ring of `slotCount` buffers of `pieceBytes` (piece k into slot
/// k mod slotCount), handed out in file order (`read(_:_:)`). Used by `FileFeed` for the digest lanes of
/// big files where the scan engine has a core to spare (`ScanEngine.readAhead` says when): from the page cache
/// most of a digest's time is the copy (benchmarks/RESULTS.md, "Issue 17, seventh pass"), and with it on another
/// core the digest runs at its kernel's speed. One reader, not more: two readers copied a cached file faster still, but from disk
/// their interleaved requests made some runs 1.5× slower.
///
/// The reader and the pass share the ring's state behind one `Locked` (the package's lock idiom, which
/// ThreadSanitizer sees): the reader fills a slot's buffer (`FileFeed.fill`: zeros where the file came up short,
/// the offset recorded), then publishes the piece under the lock; the pass waits under the lock for the piece,
/// reads the buffer, then gives the slot back by counting the piece consumed.
final class ReadAhead: @unchecked Sendable {
    /// Bytes per piece: large enough that waking the other thread costs little against the copy, small enough
    /// that the ring (four pieces) stays in the last-level cache between copy and digest.
    static let pieceBytes = 1 << 20
    static let slotCount = 4

    /// What the reader and the pass share.
    private struct Ring {
        /// The piece each slot holds; −1 while none.
        var pieces = [Int](repeating: -1, count: ReadAhead.slotCount)
        /// Pieces the pass is done with: piece k's slot is free for piece k + slotCount once consumed > k.
        var consumed = 0
        var stopRequested = false
        var readerDone = false
    }

    private let fd: Int32
    private let file: MappedFile
    private let size: Int
    /// The slots' buffers: each written only by the reader while the ring says the slot is free, read only by the
    /// pass while the ring says it holds the piece the pass wants.
    private let buffers: [UnsafeMutableRawPointer]
    private let ring = Locked(Ring())

    // The pass's side (one thread at a time).
    /// The next byte the pass expects, and the piece it holds (its index), if any.
    private var cursor = 0
    private var held: Int?

    /// Starts a thread reading `file` through `fd` (open on it) from its first byte.
    init(fd: Int32, file: MappedFile) {
        self.fd = fd
        self.file = file
        size = file.size
        buffers = (0..<Self.slotCount).map { _ in .allocate(byteCount: Self.pieceBytes, alignment: MappedFile.pageSize) }
        let thread = Thread { [self] in readPieces() }
        thread.name = "weightcheck read-ahead"
        thread.start()
    }

    deinit {
        for b in buffers { b.deallocate() }
    }

    /// The reader: every piece in order, each into its slot once the pass is done with the piece before it there.
    private func readPieces() {
        var piece = 0
        while piece * Self.pieceBytes < size {
            let slot = piece % Self.slotCount, start = piece * Self.pieceBytes
            let go = ring.wait { r -> Bool? in r.stopRequested ? false : piece < r.consumed + Self.slotCount ? true : nil }
            guard go else { break }
            FileFeed.fill(buffers[slot], count: min(Self.pieceBytes, size - start), at: start, from: fd, of: file)
            ring.withLockWakingWaiters { $0.pieces[slot] = piece }
            piece += 1
        }
        ring.withLockWakingWaiters { $0.readerDone = true }
    }

    /// Stops the reader and waits for it; after this the descriptor may be closed. Call once.
    func stop() {
        ring.withLockWakingWaiters { $0.stopRequested = true }
        ring.wait { $0.readerDone ? () : nil }
    }

    /// Hands the bytes of `range` to `body` as the reader's pieces (cut at `range`'s ends), and returns true; or
    /// returns false, handing nothing, when `range` does not start where the previous one ended (the ring holds
    /// only what comes next).
    func read(_ range: Range<Int>, _ body: (_ piece: UnsafeRawBufferPointer, _ offset: Int) -> Void) -> Bool {
        guard range.lowerBound == cursor, range.upperBound <= size else { return false }
        while cursor < range.upperBound {
            let piece = cursor / Self.pieceBytes, slot = piece % Self.slotCount, start = piece * Self.pieceBytes
            let want = min(Self.pieceBytes, size - start)
            if held != piece {
                ring.wait { $0.pieces[slot] == piece ? () : nil }
                held = piece
            }
            let end = min(start + want, range.upperBound)
            body(UnsafeRawBufferPointer(start: buffers[slot] + (cursor - start), count: end - cursor), cursor)
            cursor = end
            if end == start + want {
                held = nil
                ring.withLockWakingWaiters { $0.consumed = piece + 1 }
            }
        }
        return true
    }
}
