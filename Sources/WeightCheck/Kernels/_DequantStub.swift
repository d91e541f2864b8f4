// TEMPORARY stub until the dequant branch lands; deleted at merge.
public struct TensorStatistics: Sendable {
    public var badScales = 0
    public var count = 0, nanCount = 0, infCount = 0, zeroCount = 0
    public init() {}
    public mutating func add(_ values: UnsafeBufferPointer<Float>) {}
    public mutating func merge(_ other: TensorStatistics) {}
}
public func countBadScales(_ type: ElementType, blocks: UnsafeRawBufferPointer) -> Int { 0 }
public enum DequantizeError: Error { case x }
extension ElementType { public var canDequantize: Bool { isKnown } }
@discardableResult
public func dequantize(_ type: ElementType, blocks: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) throws(DequantizeError) -> Int { 0 }
