#!/usr/bin/env python3
"""Tampers with a signed APK the ways an attacker or a careless build step would, for tst_apkverify.

usage: tamper_apk.py OPERATION IN OUT
  dex-byte-inplace   flip one byte inside classes.dex's stored data, in place (same layout)
  dex-byte-rezip     rewrite the archive with one byte of classes.dex changed (uncompressed content)
  manifest-digest    rewrite the archive with one digest in META-INF/MANIFEST.MF changed
  add-entry          append a new entry after signing
  sf-removed         rewrite the archive without its META-INF/*.SF signature file (the .RSA block stays)
  v2-digest          flip one byte of the v2 signer's content digest inside the APK Signing Block
  ipa-file           rewrite an IPA with one byte of the first .nib/.png of its app bundle changed
  ipa-add            rewrite an IPA with a file added to its app bundle
  ipa-plist          rewrite an IPA with Info.plist changed (one byte of CFBundleIdentifier's value)
"""
import shutil
import struct
import sys
import zipfile


def local_data_offset(data, name):
    with zipfile.ZipFile(IN) as z:
        info = z.getinfo(name)
    off = info.header_offset
    assert data[off:off + 4] == b"PK\x03\x04"
    name_len, extra_len = struct.unpack("<HH", data[off + 26:off + 30])
    return off + 30 + name_len + extra_len, info.compress_size


def rezip(change):
    with zipfile.ZipFile(IN) as src, zipfile.ZipFile(OUT, "w") as dst:
        for info in src.infolist():
            content = change(info.filename, src.read(info))
            dst.writestr(info, content, compress_type=info.compress_type)


def flip(b, at):
    return b[:at] + bytes([b[at] ^ 0x01]) + b[at + 1:]


OP, IN, OUT = sys.argv[1:4]
raw = bytearray(open(IN, "rb").read())

if OP == "dex-byte-inplace":
    start, size = local_data_offset(raw, "classes.dex")
    raw[start + size // 2] ^= 0x01
    open(OUT, "wb").write(raw)
elif OP == "dex-byte-rezip":
    rezip(lambda n, c: flip(c, len(c) // 2) if n == "classes.dex" else c)
elif OP == "manifest-digest":
    def change(n, c):
        if n != "META-INF/MANIFEST.MF":
            return c
        at = c.index(b"-Digest: ", c.index(b"Name: ")) + len(b"-Digest: ")
        return c[:at] + (b"B" if c[at:at + 1] == b"A" else b"A") + c[at + 1:]
    rezip(change)
elif OP == "add-entry":
    shutil.copyfile(IN, OUT)
    with zipfile.ZipFile(OUT, "a") as z:
        z.writestr("assets/added-after-signing.txt", "not signed\n")
elif OP == "sf-removed":
    with zipfile.ZipFile(IN) as src, zipfile.ZipFile(OUT, "w") as dst:
        for info in src.infolist():
            if not (info.filename.startswith("META-INF/") and info.filename.upper().endswith(".SF")):
                dst.writestr(info, src.read(info), compress_type=info.compress_type)
elif OP == "v2-digest":
    # EOCD -> central directory offset -> APK Signing Block -> the v2 pair -> signer -> signed data -> digest.
    eocd = raw.rindex(b"PK\x05\x06")
    cd = struct.unpack("<I", raw[eocd + 16:eocd + 20])[0]
    assert raw[cd - 16:cd] == b"APK Sig Block 42"
    size = struct.unpack("<Q", raw[cd - 24:cd - 16])[0]
    pos = cd - size - 8 + 8
    while pos < cd - 24:
        length, pid = struct.unpack("<QI", raw[pos:pos + 12])
        if pid == 0x7109871A:
            # value: signers(len) signer(len) signedData(len) digests(len) digest(len) algo(4) digest(len) bytes
            at = pos + 12 + 4 + 4 + 4 + 4 + 4 + 4 + 4
            raw[at] ^= 0x01
            break
        pos += 8 + length
    else:
        sys.exit("no v2 block")
    open(OUT, "wb").write(raw)
elif OP == "ipa-file":
    with zipfile.ZipFile(IN) as z:
        target = next(n for n in z.namelist() if n.startswith("Payload/") and n.endswith((".nib", ".png")))
    rezip(lambda n, c: flip(c, len(c) // 2) if n == target else c)
elif OP == "ipa-add":
    shutil.copyfile(IN, OUT)
    with zipfile.ZipFile(IN) as z:
        app = next(n for n in z.namelist() if n.startswith("Payload/") and n.endswith(".app/Info.plist"))[:-len("Info.plist")]
    with zipfile.ZipFile(OUT, "a") as z:
        z.writestr(app + "added-after-signing.txt", "not signed\n")
elif OP == "ipa-plist":
    def change(n, c):
        if not (n.startswith("Payload/") and n.endswith(".app/Info.plist") and n.count("/") == 2):
            return c
        at = c.index(b"CFBundleIdentifier")
        at = c.index(b"<string>", at) + len(b"<string>") if b"<string>" in c[at:at + 80] else at + len(b"CFBundleIdentifier") + 4
        return flip(c, at)
    rezip(change)
else:
    sys.exit(__doc__)
