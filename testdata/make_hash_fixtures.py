#!/usr/bin/env python3
# Writes testdata/hashes/expected.json: digests of deterministic pseudo-random buffers by the reference tools
# (sha256sum, git hash-object, xxhsum -H3 / -H2 / -H1). Tests regenerate the same bytes in Swift and compare.
#
# The bytes: splitmix64 over a 64-bit seed; each output gives 8 bytes, least significant first.
#   state += 0x9E3779B97F4A7C15; z = state
#   z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; out = z ^ (z >> 31)
# (all arithmetic modulo 2^64). HashFixtures.swift holds the Swift twin.
#
# Every prefix length 0...4096 of the PREFIX_SEED buffer is hashed; the file keeps all lines for lengths
# 0...256 and for lengths within one byte of a multiple of 64, plus, per algorithm, the SHA-256 of the whole
# listing "<length> <hex>\n" for 0...4096, so the file stays small while every length is checked.
# Also: a few large prefixes of the LARGE_SEED buffer, and xxHash's own sanity buffer (FORMATS.md).
#
# Run from anywhere: python3 testdata/make_hash_fixtures.py  (needs sha256sum, git, xxhsum on PATH).
import hashlib
import json
import os
import subprocess
import sys
import tempfile

MASK = (1 << 64) - 1
PREFIX_SEED = 0x5745494748544348  # "WEIGHTCH"
LARGE_SEED = 0x0123456789ABCDEF
MAX_PREFIX = 4096
LARGE_LENGTHS = [1048576, 1048577, 1048576 + 63, 1048576 + 65, 2097152 - 1, 3 * 1048576 + 333]
SANITY_LENGTHS = [0, 1, 6, 12, 24, 48, 80, 195, 240, 241, 256, 512, 1023, 1024, 1025, 2048, 2240, 2367]


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


def sanity_bytes(count):
    # xxHash cli/xsum_sanity_check.c: gen = 2654435761; buf[i] = gen >> 56; gen *= 11400714785074694797
    gen = 2654435761
    out = bytearray()
    for _ in range(count):
        out.append(gen >> 56)
        gen = (gen * 11400714785074694797) & MASK
    return bytes(out)


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.splitlines()


def digests(paths):
    """sha256, sha1-git, xxh3, xxh128, xxh64 hex for each path, by the reference tools."""
    sha = [line.split()[0] for line in run(["sha256sum", "--"] + paths)]
    git = run(["git", "hash-object", "--no-filters", "--"] + paths)
    # xxhsum -H3 prints "XXH3 (path) = hex" (BSD style); -H2 prints "hex  path".
    x3 = [line.rsplit("= ", 1)[1] for line in run(["xxhsum", "-H3", "--"] + paths)]
    x2 = [line.split()[0] for line in run(["xxhsum", "-H2", "--"] + paths)]
    # Plain xxhsum (no -H) is XXH64, the same as -H1: both are recorded and must agree.
    x1 = [line.split()[0] for line in run(["xxhsum", "-H1", "--"] + paths)]
    x0 = [line.split()[0] for line in run(["xxhsum", "--"] + paths)]
    assert x1 == x0
    assert len(sha) == len(git) == len(x3) == len(x2) == len(x1) == len(paths)
    return list(zip(sha, git, x3, x2, x1))


def hash_prefixes(buf, lengths, tmp):
    paths = []
    for n in lengths:
        p = os.path.join(tmp, "p%07d" % n)
        with open(p, "wb") as f:
            f.write(buf[:n])
        paths.append(p)
    result = []
    for i in range(0, len(paths), 512):  # keep command lines short
        result += digests(paths[i:i + 512])
    for p in paths:
        os.remove(p)
    return result


def main():
    root = os.path.dirname(os.path.abspath(__file__))
    algos = ["sha256", "sha1Git", "xxh3", "xxh128", "xxh64"]
    with tempfile.TemporaryDirectory() as tmp:
        prefix_buf = splitmix_bytes(PREFIX_SEED, MAX_PREFIX)
        rows = hash_prefixes(prefix_buf, list(range(MAX_PREFIX + 1)), tmp)
        listing = {}
        for k, name in enumerate(algos):
            text = "".join("%d %s\n" % (n, rows[n][k]) for n in range(MAX_PREFIX + 1))
            listing[name] = hashlib.sha256(text.encode()).hexdigest()
        kept = [n for n in range(MAX_PREFIX + 1) if n <= 256 or n % 64 in (0, 1, 63)]
        samples = [[n] + list(rows[n]) for n in kept]

        large_buf = splitmix_bytes(LARGE_SEED, max(LARGE_LENGTHS))
        large = [[n] + list(r) for n, r in zip(LARGE_LENGTHS, hash_prefixes(large_buf, LARGE_LENGTHS, tmp))]

        sanity_buf = sanity_bytes(max(SANITY_LENGTHS))
        sanity = [[n] + list(r) for n, r in zip(SANITY_LENGTHS, hash_prefixes(sanity_buf, SANITY_LENGTHS, tmp))]

    doc = {
        "about": "digests by sha256sum, git hash-object, xxhsum -H3/-H2/-H1; written by testdata/make_hash_fixtures.py",
        "columns": ["length"] + algos,
        "prefixSeed": "%016x" % PREFIX_SEED,
        "maxPrefixLength": MAX_PREFIX,
        "prefixListingSHA256": listing,
        "prefixSamples": samples,
        "largeSeed": "%016x" % LARGE_SEED,
        "large": large,
        "sanity": sanity,
    }
    out = os.path.join(root, "hashes", "expected.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        # One row per line, so a diff names the lengths that changed.
        text = json.dumps(doc, indent=1)
        for key in ("columns", "prefixSamples", "large", "sanity"):
            rows = doc[key]
            compact = json.dumps(rows, separators=(",", ":")) if key == "columns" else \
                "[\n" + ",\n".join("  " + json.dumps(r, separators=(",", ":")) for r in rows) + "\n ]"
            text = text.replace(json.dumps(rows, indent=1).replace("\n", "\n "), compact, 1)
        f.write(text + "\n")
    print("wrote %s (%d bytes)" % (out, os.path.getsize(out)), file=sys.stderr)


if __name__ == "__main__":
    main()
