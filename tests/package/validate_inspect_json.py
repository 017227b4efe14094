#!/usr/bin/env python3
"""Validates `slipway-cli inspect --json` output against docs/inspect.schema.json with python3-jsonschema.

usage: validate_inspect_json.py SCHEMA OUTPUT.json
Prints one line per violation (the file it concerns, the JSON path, the message) and exits 1 when there is any.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
data = json.load(open(sys.argv[2]))
validator = jsonschema.Draft202012Validator(schema)
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
for e in errors:
    path = list(e.absolute_path)
    where = data[path[0]].get("file", "?") if path and isinstance(path[0], int) else "?"
    print(f"{where}: /{'/'.join(str(p) for p in path)}: {e.message[:300]}")
    # oneOf hides the real cause: show the closest branch's errors too
    for sub in (e.context or [])[:5]:
        print(f"    {'/'.join(str(p) for p in sub.absolute_path)}: {sub.message[:300]}")
print(f"{len(data)} objects, {len(errors)} violations")
sys.exit(1 if errors else 0)
