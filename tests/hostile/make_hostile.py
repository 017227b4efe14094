#!/usr/bin/env python3
"""Writes hostile packages for Slipway's inspector into a folder: binary-plist bombs, deep XML, zip bombs,
overlapping entries, symlinks, 100,000 entries, truncations. Each file must give a clean result or a clean
"invalid package" error (exit 4), within bounded time and memory (tests/hostile/tst_hostile.cpp checks that).

usage: make_hostile.py [--plists-only] OUT_DIR [--seeds FUZZ_SEED_DIR]
Writes OUT_DIR/manifest.json: [{"file": name, "what": sentence, "refusal": words}], where "refusal" (when
present) is what the error must say: such a file must be refused (exit 4), not read. With --seeds, also writes every binary plist it
makes into FUZZ_SEED_DIR (seeds for fuzz/fuzz_bplist). --plists-only skips the zip files (fast, for the seeds).
"""
import json
import os
import struct
import sys
import zipfile
import zlib

# ---------------------------------------------------------------- binary plists (Apple's CFBinaryPList layout)


def bplist(objects, top=0, ref_size=None, offset_size=None):
    """objects: list of already-encoded object bytes. Returns a bplist00 document."""
    body = bytearray(b"bplist00")
    offsets = []
    for o in objects:
        offsets.append(len(body))
        body += o
    table = len(body)
    if offset_size is None:
        offset_size = 1 if table < 0x100 else 2 if table < 0x10000 else 4 if table < 0x100000000 else 8
    if ref_size is None:
        n = len(objects)
        ref_size = 1 if n < 0x100 else 2 if n < 0x10000 else 4
    for off in offsets:
        body += off.to_bytes(offset_size, "big")
    body += bytes(6) + bytes([offset_size, ref_size])
    body += struct.pack(">QQQ", len(objects), top, table)
    return bytes(body)


def marker(kind, count):
    if count < 15:
        return bytes([(kind << 4) | count])
    return bytes([(kind << 4) | 0xF, 0x13]) + struct.pack(">Q", count)


def array(refs, ref_size):
    return marker(0xA, len(refs)) + b"".join(r.to_bytes(ref_size, "big") for r in refs)


def dict_(keys, values, ref_size):
    return (marker(0xD, len(keys)) + b"".join(k.to_bytes(ref_size, "big") for k in keys)
            + b"".join(v.to_bytes(ref_size, "big") for v in values))


def ascii_string(s):
    return marker(0x5, len(s)) + s


def info_plist_objects(extra_keys=(), extra_values=(), ref_size=1):
    """A small Info.plist dict: object 0 is the dict, then keys and values."""
    pairs = [(b"CFBundleIdentifier", b"com.example.hostile"), (b"CFBundleShortVersionString", b"1.0"),
             (b"CFBundleVersion", b"1"), (b"CFBundleExecutable", b"Hostile")]
    objects = [None]
    keys, values = [], []
    for k, v in pairs:
        keys.append(len(objects))
        objects.append(ascii_string(k))
        values.append(len(objects))
        objects.append(ascii_string(v))
    return objects, keys, values


def deep_bplist(depth):
    """Info.plist whose "Deep" value is `depth` arrays nested inside each other."""
    objects, keys, values = info_plist_objects()
    ref_size = 4
    keys.append(len(objects))
    objects.append(ascii_string(b"Deep"))
    first = len(objects)
    values.append(first)
    for i in range(depth):
        nxt = first + i + 1
        objects.append(array([nxt] if i + 1 < depth else [], ref_size))
    objects[0] = dict_(keys, values, ref_size)
    return bplist(objects, ref_size=ref_size)


def dag_bplist(levels):
    """Each array references the next one twice: 2**levels leaves from a few hundred bytes."""
    objects, keys, values = info_plist_objects()
    ref_size = 2
    keys.append(len(objects))
    objects.append(ascii_string(b"Bomb"))
    first = len(objects)
    values.append(first)
    for i in range(levels):
        nxt = first + i + 1
        objects.append(array([nxt, nxt], ref_size))
    objects.append(ascii_string(b"leaf"))
    objects[0] = dict_(keys, values, ref_size)
    return bplist(objects, ref_size=ref_size)


def cyclic_bplist():
    objects, keys, values = info_plist_objects()
    keys.append(len(objects))
    objects.append(ascii_string(b"Loop"))
    me = len(objects)
    values.append(me)
    objects.append(array([me], 1))  # an array that contains itself
    objects[0] = dict_(keys, values, 1)
    return bplist(objects)


def wide_bplist(n):
    """One array with `n` references to the same string: wide, shallow, expands to n nodes."""
    objects, keys, values = info_plist_objects()
    ref_size = 4
    keys.append(len(objects))
    objects.append(ascii_string(b"Wide"))
    values.append(len(objects))
    leaf = len(objects) + 1
    objects.append(array([leaf] * n, ref_size))
    objects.append(ascii_string(b"x"))
    objects[0] = dict_(keys, values, ref_size)
    return bplist(objects, ref_size=ref_size)


def lying_trailer_bplist():
    good = bplist(info_plist_objects()[0][1:] + [ascii_string(b"x")])
    # Object count far beyond the file, offset table position past the end.
    return good[:-24] + struct.pack(">QQQ", 2**62, 0, 2**40)


def huge_count_bplist():
    """An array marker claiming 2**60 entries."""
    objects, keys, values = info_plist_objects()
    keys.append(len(objects))
    objects.append(ascii_string(b"Huge"))
    values.append(len(objects))
    objects.append(bytes([0xAF, 0x13]) + struct.pack(">Q", 2**60))
    objects[0] = dict_(keys, values, 1)
    return bplist(objects)


def nul_key_bplist():
    objects, keys, values = info_plist_objects()
    keys.append(len(objects))
    objects.append(ascii_string(b"Bad\x00Key"))
    values.append(len(objects))
    objects.append(ascii_string(b"v"))
    objects[0] = dict_(keys, values, 1)
    return bplist(objects)


def deep_xml(depth):
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            b"<key>CFBundleIdentifier</key><string>com.example.hostile</string><key>Deep</key>"
            + b"<array>" * depth + b"</array>" * depth + b"</dict></plist>\n")


def billion_laughs_xml():
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE plist [{ents}]><plist version="1.0"><dict>'
            "<key>CFBundleIdentifier</key><string>&a9;</string></dict></plist>").encode()


# ---------------------------------------------------------------- zip files


def ipa_with_info_plist(path, plist_bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Payload/Hostile.app/Info.plist", plist_bytes)
        z.writestr("Payload/Hostile.app/Hostile", b"\xcf\xfa\xed\xfe" + bytes(60))


def zip_bomb(path, size_mb=512):
    """One entry that inflates to `size_mb` MiB of zeros (stored as half a MB of deflate): eight times Slipway's
    64 MB cap on one entry, and more than the 300 MB the test allows the inspector."""
    chunk = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1 << 20)
    data = bytearray()
    for _ in range(size_mb):
        data += chunk.compress(zeros)
    data += chunk.flush()
    crc = 0
    for _ in range(size_mb):
        crc = zlib.crc32(zeros, crc)
    name = b"Payload/Hostile.app/Info.plist"
    size = size_mb << 20
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), 20)
    extra = struct.pack("<HHQQ", 1, 16, size, len(data))
    out = bytearray(local + name + extra + data)
    cd_off = len(out)
    cextra = struct.pack("<HHQQQ", 1, 24, size, len(data), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                          len(name), len(cextra), 0, 0, 0, 0, 0) + name + cextra
    out += central
    cd_end = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 1, 1, len(central), cd_off)
    out += struct.pack("<IIQI", 0x07064B50, 0, cd_end, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), 0xFFFFFFFF, 0)
    with open(path, "wb") as f:
        f.write(out)


def overlapping_zip(path, copies=2000):
    """Many central-directory entries that all point at the same local entry (a "zbsm"-style overlap)."""
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = bytes(10 << 20)
    comp = body.compress(payload) + body.flush()
    crc = zlib.crc32(payload)
    name = b"AndroidManifest.xml"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(comp), len(payload), len(name), 0)
    out = bytearray(local + name + comp)
    cd_off = len(out)
    central = bytearray()
    for i in range(copies):
        n = name if i == 0 else b"res/raw/f%05d" % i
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(comp), len(payload),
                               len(n), 0, 0, 0, 0, 0, 0) + n
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, copies, copies, len(central), cd_off, 0)
    with open(path, "wb") as f:
        f.write(out)


def symlink_zip(path):
    with zipfile.ZipFile(path, "w") as z:
        for name, target in (("Payload/Hostile.app/Info.plist", "/etc/passwd"),
                             ("Payload/Hostile.app/Hostile", "../../../../../../bin/sh")):
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            z.writestr(info, target)


def many_entries_zip(path, n=100000):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00")
        for i in range(n):
            z.writestr("res/raw/e%06d" % i, b"")


def traversal_zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("../../../../tmp/slipway-escape", b"x")
        z.writestr("/etc/cron.d/x", b"x")
        z.writestr("Payload/Hostile.app/Info.plist", deep_xml(2))


def truncations(src, out_dir, stem, manifest):
    data = open(src, "rb").read()
    for frac in (0.1, 0.5, 0.9, 0.999):
        name = f"{stem}-truncated-{int(frac * 1000)}.zip"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data[: int(len(data) * frac)])
        manifest.append({"file": name, "what": f"{stem} cut at {frac:.1%} (an interrupted download)",
                         "refusal": "damaged or incomplete"})


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    args = sys.argv[1:]
    seeds = None
    if "--seeds" in args:
        seeds = args[args.index("--seeds") + 1]
        args.remove(seeds)
        args.remove("--seeds")
    plists_only = "--plists-only" in args
    if plists_only:
        args.remove("--plists-only")
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = args[0]
    os.makedirs(out, exist_ok=True)
    if seeds:
        os.makedirs(seeds, exist_ok=True)
    manifest = []

    plists = {
        "bplist-deep-150000": (deep_bplist(150000), "Info.plist as a binary plist nested 150,000 arrays deep",
                               "nested deeper than"),
        "bplist-deep-100000": (deep_bplist(100000), "Info.plist nested 100,000 arrays deep", "nested deeper than"),
        "bplist-dag-40": (dag_bplist(40), "a 40-level DAG of arrays, each referencing the next twice (2^40 leaves)",
                          "expands to more than"),
        "bplist-dag-20": (dag_bplist(20), "a 20-level DAG (a million leaves)", "expands to more than"),
        "bplist-cycle": (cyclic_bplist(), "an array that contains itself", "nested deeper than"),
        "bplist-wide": (wide_bplist(2000000), "one array with 2,000,000 references to one string",
                        "an array has more than"),
        "bplist-lying-trailer": (lying_trailer_bplist(), "a trailer claiming 2^62 objects past the end",
                                 "object table does not fit"),
        "bplist-huge-count": (huge_count_bplist(), "an array claiming 2^60 entries",
                              "more entries than the file can hold"),
        "bplist-nul-key": (nul_key_bplist(), "a dictionary key with a NUL inside", "NUL character"),
        "xml-deep-200000": (deep_xml(200000), "an XML Info.plist nested 200,000 arrays deep", "nested deeper than"),
        "xml-billion-laughs": (billion_laughs_xml(), "an XML Info.plist with nested entity definitions",
                               "declares XML entities"),
    }
    for stem, (data, what, refusal) in plists.items():
        name = f"{stem}.ipa"
        ipa_with_info_plist(os.path.join(out, name), data)
        manifest.append({"file": name, "what": what + " (inside an IPA)", "refusal": refusal})
        if seeds and stem.startswith("bplist"):
            with open(os.path.join(seeds, stem + ".bplist"), "wb") as f:
                f.write(data)

    if plists_only:
        with open(os.path.join(out, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
        print(f"{len(manifest)} hostile plists in {out}")
        return 0
    zip_bomb(os.path.join(out, "zip-bomb-512m.ipa"))
    manifest.append({"file": "zip-bomb-512m.ipa", "what": "Info.plist that inflates to 512 MiB of zeros"})
    overlapping_zip(os.path.join(out, "overlapping-entries.apk"))
    manifest.append({"file": "overlapping-entries.apk", "what": "2,000 central entries sharing one 10 MB local entry"})
    symlink_zip(os.path.join(out, "symlinks.ipa"))
    manifest.append({"file": "symlinks.ipa", "what": "Info.plist and the executable as symlinks out of the bundle"})
    many_entries_zip(os.path.join(out, "many-entries.apk"))
    manifest.append({"file": "many-entries.apk", "what": "100,000 entries"})
    traversal_zip(os.path.join(out, "traversal.ipa"))
    manifest.append({"file": "traversal.ipa", "what": "entries named ../../ and /etc/..."})
    truncations(os.path.join(out, "bplist-dag-20.ipa"), out, "ipa", manifest)
    truncations(os.path.join(out, "many-entries.apk"), out, "apk", manifest)

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"{len(manifest)} hostile files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
