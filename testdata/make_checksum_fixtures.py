#!/usr/bin/env python3
# Writes testdata/checksums/: checksum lists made by the reference tools — sha256sum (plain, --tag, and CRLF
# line ends as a list saved on Windows), xxhsum (default = XXH64, -H1, -H2 = XXH128, -H3 = XXH3, --tag) —
# over small files whose bytes the tests regenerate (splitmix64, as in make_hash_fixtures.py).
# ChecksumListFixtureTests reads every list with `weightcheck hash --check` and holds `weightcheck hash`'s
# own output byte-equal to each tool's, so lists round-trip in both directions without the tools installed.
#
# files.json: [{"name", "seed", "length"}]. Names with a backslash or a newline go only to sha256sum, which
# escapes them (xxhsum 0.8.1 prints them raw, in lines `xxhsum -c` cannot read back).
#
# Run from anywhere: python3 testdata/make_checksum_fixtures.py  (needs sha256sum and xxhsum on PATH).
import json
import os
import subprocess
import sys
import tempfile

MASK = (1 << 64) - 1

FILES = [  # name, seed, length
    ("plain.bin", 1, 1000),
    ("with space.bin", 2, 33),
    ("empty.bin", 3, 0),
    ("sub/nested.bin", 4, 4097),
    ("large.bin", 5, 300_000),
    ("back\\slash.bin", 6, 64),
    ("new\nline.bin", 7, 65),
]


def splitmix_bytes(seed, count):
    state = seed & MASK
    out = bytearray()
    while len(out) < count:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out += z.to_bytes(8, "little")
    return bytes(out[:count])


def run(args, cwd, stdin=None):
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, input=stdin).stdout


def main():
    root = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(root, "checksums")
    os.makedirs(out_dir, exist_ok=True)
    plain = [n for n, _, _ in FILES if "\\" not in n and "\n" not in n]
    every = [n for n, _, _ in FILES]
    lists = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, seed, length in FILES:
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(splitmix_bytes(seed, length))
        lists["sha256sum.txt"] = run(["sha256sum", "--"] + every, tmp)
        lists["sha256sum-tag.txt"] = run(["sha256sum", "--tag", "--"] + every, tmp)
        lists["sha256sum-crlf.txt"] = lists["sha256sum.txt"].replace(b"\n", b"\r\n")
        lists["xxhsum.txt"] = run(["xxhsum", "--"] + plain, tmp)
        lists["xxhsum-H1.txt"] = run(["xxhsum", "-H1", "--"] + plain, tmp)
        lists["xxhsum-H2.txt"] = run(["xxhsum", "-H2", "--"] + plain, tmp)
        lists["xxhsum-H3.txt"] = run(["xxhsum", "-H3", "--"] + plain, tmp)
        lists["xxhsum-tag.txt"] = run(["xxhsum", "--tag", "--"] + plain, tmp)
        lists["xxhsum-H2-tag.txt"] = run(["xxhsum", "-H2", "--tag", "--"] + plain, tmp)
        assert lists["xxhsum.txt"] == lists["xxhsum-H1.txt"]
        # Every list is accepted by the tool that reads it (CRLF included: sha256sum -c strips the CR).
        for name, text in lists.items():
            tool = "sha256sum" if name.startswith("sha256sum") else "xxhsum"
            listing = os.path.join(tmp, "list")
            with open(listing, "wb") as f:
                f.write(text)
            run([tool, "-c", "list"], tmp)
            os.remove(listing)
    for name, text in lists.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(text)
    # A list of committed fixtures by their paths from the repository root, for the README's `hash --check` line.
    repo = os.path.dirname(root)
    fixtures = ["testdata/gguf/tiny.gguf", "testdata/safetensors/dtypes.safetensors"]
    with open(os.path.join(out_dir, "fixtures.sha256"), "wb") as f:
        f.write(run(["sha256sum", "--"] + fixtures, repo))
    with open(os.path.join(out_dir, "files.json"), "w") as f:
        json.dump([{"name": n, "seed": s, "length": l} for n, s, l in FILES], f, indent=1)
        f.write("\n")
    print("wrote %d lists to %s" % (len(lists), out_dir), file=sys.stderr)


if __name__ == "__main__":
    main()
