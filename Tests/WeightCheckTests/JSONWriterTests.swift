// Tests of JSONWriter against Python's json.dumps (testdata/json/roundtrip.json, written by
// testdata/make_json_fixtures.py), plus round-trips and the choices Python does not make for us.
import Testing
@testable import WeightCheck

@Suite struct JSONWriterTests {
    @Test func matchesPythonOnEveryDocument() throws {
        let records = try #require(try STTestData.json("json/roundtrip.json").arrayValue)
        #expect(records.count >= 200)
        let compact = JSONWriter(style: .compact)
        let pretty = JSONWriter(style: .pretty)
        for record in records {
            let input = try #require(record["input"]?.stringValue)
            let value = try JSONParser().parse(input)
            #expect(compact.string(value) == record["compact"]?.stringValue, "input \(input)")
            #expect(pretty.string(value) == record["pretty"]?.stringValue, "input \(input)")
            // Round-trips: what we write parses back to the same value, both layouts.
            #expect(try JSONParser().parse(compact.string(value)) == value)
            #expect(try JSONParser().parse(pretty.string(value)) == value)
        }
    }

    @Test func literalsAndLayout() {
        let shape: [UInt64] = [2, 3]
        let value: JSONValue = [
            "name": "w",
            "shape": JSONValue(shape),
            "offset": JSONValue(UInt64.max),
            "scale": 0.5,
            "ok": true,
            "none": nil,
            "tags": JSONValue(["a", "b"]),
            "empty": [:],
            "list": [],
        ]
        #expect(value.serialized() ==
            #"{"name":"w","shape":[2,3],"offset":18446744073709551615,"scale":0.5,"ok":true,"none":null,"tags":["a","b"],"empty":{},"list":[]}"#)
        #expect(JSONValue(["a": [1, ["b": nil]]] as JSONValue).serialized(pretty: true) == """
            {
              "a": [
                1,
                {
                  "b": null
                }
              ]
            }
            """)
        #expect(JSONValue(Int64.min).serialized() == "-9223372036854775808")
        #expect(JSONValue(UInt8(7)) == .integer(7))
        #expect(JSONValue(UInt64(1) << 63) == .unsigned(1 << 63))
        #expect(JSONValue(Float(0.1)).serialized() == "0.10000000149011612")
        let name = "x"
        #expect(("tensor \(name)" as JSONValue) == .string("tensor x"))
    }

    @Test func objectEditing() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = 10
        #expect(object.keys == ["b", "a", "c"])
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object["c"] == 3)
        #expect(object.position(ofKey: "c") == 1)
        #expect(JSONValue(object).serialized() == #"{"b":10,"c":3}"#)
        #expect(object.sourceOffset(ofKey: "b") == nil)
        // Order matters for equality.
        #expect(JSONObject([("x", 1), ("y", 2)]) != JSONObject([("y", 2), ("x", 1)]))
    }

    @Test func nonFiniteNumbers() {
        let value: JSONValue = [JSONValue(Double.nan), JSONValue(Double.infinity), JSONValue(-Double.infinity), 1.5]
        #expect(value.serialized() == #"["NaN","Infinity","-Infinity",1.5]"#)
        #expect(JSONWriter(nonFinite: .null).string(value) == "[null,null,null,1.5]")
    }

    @Test func stringEscaping() throws {
        let s = "q\" b\\ s/ \u{8}\u{c}\n\r\t \u{0}\u{1f}\u{7f} é 😀 \u{2028}"
        let text = JSONValue.string(s).serialized()
        #expect(text == "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u001f\u{7f} é 😀 \u{2028}\"")
        #expect(try JSONParser().parse(text) == .string(s))
    }
}
