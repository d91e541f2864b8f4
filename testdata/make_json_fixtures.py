#!/usr/bin/env python3
"""Writes testdata/json/roundtrip.json: JSON documents with Python's own compact and pretty printing of each.

The Swift tests parse each `input` with JSONParser and require JSONWriter to print exactly `compact`
(json.dumps(..., ensure_ascii=False, separators=(",", ":"))) and `pretty` (indent=2). Python's float repr is
the shortest round-trip form, which is what JSONWriter prints. Run from the repository root:
    python3 testdata/make_json_fixtures.py
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "json", "roundtrip.json")

HAND_WRITTEN = [
    "null", "true", "false", "0", "-0", "1", "-1", "42",
    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551615",
    "0.0", "-0.0", "0.1", "1.5", "1e-05", "1E5", "1e+16", "1.7976931348623157e308", "5e-324", "2.5e-7",
    "123456789012345678.0", "0.30000000000000004", "100.0", "1e21", "-2.5E+100", "3.141592653589793",
    '""', '"plain"', '"quote \\" backslash \\\\ slash \\/"', '"\\b\\f\\n\\r\\t"', '"\\u0000\\u001f\\u007f"',
    '"caf\\u00e9 \\u00E9 é"', '"\\ud83d\\ude00 😀"', '"\\u2028\\u2029"', '"日本語"',
    "[]", "{}", "[[]]", "[{}]", '{"a":{}}', '{"a":[]}',
    '[1, 2, 3]', ' { "b" : 1 , "a" : 2 } ', '{"z":1,"a":2,"m":3}',
    '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}',
    '{"nested":{"deeper":{"deepest":[1,[2,[3,{"x":null}]]]}}}',
    '[true,false,null,"s",1,1.5,[],{}]',
    '{"weight_map":{"a.weight":"model-00001-of-00002.safetensors"},"metadata":{"total_size":123}}',
]


def random_value(rng, depth):
    kinds = ["null", "bool", "int", "bigint", "float", "string"]
    if depth < 5:
        kinds += ["array", "object"] * 2
    kind = rng.choice(kinds)
    if kind == "null":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.randint(-10**6, 10**6)
    if kind == "bigint":
        return rng.randint(-2**63, 2**64 - 1)
    if kind == "float":
        return rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randint(-30, 30),
                           float(rng.randint(-1000, 1000)), rng.gauss(0, 1) * 1e-8])
    if kind == "string":
        alphabet = "abcXYZ019 _-./\\\"'\n\t\x01\x1f\x7fé日本😀\u2028"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
    if kind == "array":
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    obj = {}
    for _ in range(rng.randint(0, 4)):
        obj["k" + str(rng.randint(0, 99))] = random_value(rng, depth + 1)
    return obj


def main():
    rng = random.Random(20240601)
    cases = []
    for text in HAND_WRITTEN:
        cases.append(text)
    for _ in range(200):
        value = random_value(rng, 0)
        # Random whitespace layout and escaping style for the input text.
        cases.append(json.dumps(value, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 4])))
    records = []
    for text in cases:
        value = json.loads(text)
        records.append({
            "input": text,
            "compact": json.dumps(value, ensure_ascii=False, separators=(",", ":")),
            "pretty": json.dumps(value, ensure_ascii=False, indent=2),
        })
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=True, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(records)} documents")


if __name__ == "__main__":
    main()
