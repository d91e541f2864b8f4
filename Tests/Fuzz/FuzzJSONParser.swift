// FuzzJSONParser: libFuzzer target for the strict JSON parser, differential against its own writer:
// whatever parses must print (compact and pretty) to text that parses back to an equal value.
@testable import WeightCheck

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let value: JSONValue
    do throws(JSONError) {
        value = try JSONParser().parse(bytes, baseOffset: 8)
    } catch {
        precondition(error.offset >= 8 && error.offset <= 8 + size, "error offset \(error.offset) outside the input")
        _ = error.description
        return 0
    }
    for style in [JSONWriter.Style.compact, .pretty] {
        let text = JSONWriter(style: style).bytes(value)
        guard let again = try? JSONParser().parse(text) else {
            preconditionFailure("writer output does not parse: \(String(decoding: text, as: UTF8.self))")
        }
        precondition(again == value, "round trip changed the value: \(String(decoding: text, as: UTF8.self))")
    }
    return 0
}
