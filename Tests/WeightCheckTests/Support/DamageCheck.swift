// DamageCheck: the one rule every damaged input must meet — no trap, bounded time, and either a rejection whose
// message names a byte offset or an accepted header that keeps its promises (ranges inside the file, sizes right).
import Foundation
import Testing
@testable import WeightCheck

/// Whether `message` names a byte offset: `byte N` somewhere in it.
func namesByteOffset(_ message: String) -> Bool {
    let utf8 = Array(message.utf8)
    let word = Array("byte ".utf8)
    guard utf8.count > word.count else { return false }
    for i in 0...(utf8.count - word.count - 1) where utf8[i..<(i + word.count)].elementsEqual(word) {
        let next = utf8[i + word.count]
        if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") { return true }
    }
    return false
}

/// A hang guard, not a performance figure: a header parse that takes this long is stuck.
let damageTimeLimit: Duration = .seconds(2)

/// Parses damaged GGUF bytes strictly and leniently (as `stats` does) and checks the rule for both.
/// Returns the strict parse's error, or nil when the damage was harmless.
@discardableResult
func checkGGUFDamage(_ bytes: [UInt8], _ label: @autoclosure () -> String,
                     sourceLocation: SourceLocation = #_sourceLocation) -> GGUFError? {
    var strictError: GGUFError? = nil
    for lenient in [false, true] {
        let clock = ContinuousClock()
        let start = clock.now
        let result = bytes.withUnsafeBytes { raw -> Result<GGUFHeader, GGUFError> in
            do throws(GGUFReadError) {
                return .success(try GGUFHeaderReader.read(raw, allowTruncatedData: lenient))
            } catch {
                return .failure(error.error(file: "m.gguf"))
            }
        }
        if clock.now - start > damageTimeLimit {
            Issue.record("\(label()): parse took \(clock.now - start)", sourceLocation: sourceLocation)
        }
        switch result {
        case .failure(let e):
            if !namesByteOffset(e.message) || e.offset < 0 || e.offset > bytes.count {
                Issue.record("\(label()): error names no byte offset in the file: \(e.message)",
                             sourceLocation: sourceLocation)
            }
            if !lenient { strictError = e }
        case .success(let h):
            if let problem = ggufPromiseBroken(h, fileSize: bytes.count) {
                Issue.record("\(label()) (lenient: \(lenient)): accepted, but \(problem)", sourceLocation: sourceLocation)
            }
        }
    }
    return strictError
}

/// What an accepted GGUF header promised and did not keep, or nil.
func ggufPromiseBroken(_ h: GGUFHeader, fileSize: Int) -> String? {
    if h.dataOffset < 0 || h.dataOffset > fileSize { return "data offset \(h.dataOffset) is outside the file" }
    for t in h.tensors {
        if t.byteRange.lowerBound < 0 || t.byteRange.upperBound > fileSize {
            return "tensor '\(t.name)' range \(t.byteRange) is outside the \(fileSize)-byte file"
        }
        if h.truncated.isEmpty, t.type.isKnown, UInt64(t.byteCount) != t.type.byteCount(elements: t.elementCount) {
            return "tensor '\(t.name)' holds \(t.byteCount) bytes, its type and shape say otherwise"
        }
    }
    for m in h.metadata {
        if case .array(let a) = m.value, a.byteRange.lowerBound < 0 || a.byteRange.upperBound > fileSize {
            return "array '\(m.key)' range \(a.byteRange) is outside the file"
        }
    }
    return nil
}

/// Parses damaged safetensors bytes and checks the rule. Returns the error, or nil when the damage was harmless.
@discardableResult
func checkSafetensorsDamage(_ bytes: [UInt8], _ label: @autoclosure () -> String,
                            sourceLocation: SourceLocation = #_sourceLocation) -> SafetensorsError? {
    let clock = ContinuousClock()
    let start = clock.now
    let result = bytes.withUnsafeBytes { raw -> Result<SafetensorsHeader, SafetensorsError> in
        do throws(SafetensorsError) {
            return .success(try SafetensorsHeader(parsing: raw, file: "m.safetensors"))
        } catch {
            return .failure(error)
        }
    }
    if clock.now - start > damageTimeLimit {
        Issue.record("\(label()): parse took \(clock.now - start)", sourceLocation: sourceLocation)
    }
    switch result {
    case .failure(let e):
        if !namesByteOffset(e.message) || e.offset == nil || e.offset! < 0 || e.offset! > bytes.count {
            Issue.record("\(label()): error names no byte offset in the file: \(e.message)", sourceLocation: sourceLocation)
        }
        return e
    case .success(let h):
        var end = h.dataOffset
        for t in h.tensors.sorted(by: { ($0.byteRange.lowerBound, $0.byteCount) < ($1.byteRange.lowerBound, $1.byteCount) }) {
            if t.byteRange.lowerBound != end || UInt64(t.byteCount) != t.type.byteCount(elements: t.elementCount) {
                Issue.record("\(label()): accepted, but tensor '\(t.name)' at \(t.byteRange) breaks the layout",
                             sourceLocation: sourceLocation)
            }
            end = t.byteRange.upperBound
        }
        if end != bytes.count {
            Issue.record("\(label()): accepted, but the data ends at \(end) in a \(bytes.count)-byte file",
                         sourceLocation: sourceLocation)
        }
        return nil
    }
}

/// The hostile values a 4- or 8-byte field is set to: 0, 1, the maximum, and a huge positive value.
func hostileValues(width: Int) -> [UInt64] {
    width == 4 ? [0, 1, UInt64(UInt32.max), 0x7FFF_FFFF] : [0, 1, UInt64.max, 0x7FFF_FFFF_FFFF_FFFF]
}
