#!/usr/bin/env python3
"""Lists the longest Rust functions outside tests (issue #21 asks for none over 100 lines).

    python3 scripts/longest-functions.py [--top N] [--limit LINES] [--check]

Reads src/ and bench/synth/src/, skipping `mod tests` blocks and files named tests.rs. Prints
the N longest (default 15) with their file and line; with --check, exits 1 when any is longer
than --limit (default 100). CI runs it with --check.
"""
import argparse
import pathlib
import re
import sys

ROOTS = ["src", "bench/synth/src"]
FN = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)")
TESTS = re.compile(r"^\s*mod\s+tests\s*\{")


def code_only(text):
    """The text with comments, strings and char literals blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r"r(#*)\"", text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            j = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i:j + 1]))
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            if m:  # a char literal, not a lifetime
                out.append(" " * len(m.group(0)))
                i += len(m.group(0))
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(path):
    lines = code_only(path.read_text(encoding="utf-8")).split("\n")
    found, i = [], 0
    while i < len(lines):
        if TESTS.match(lines[i]):
            i = block_end(lines, i) + 1
            continue
        m = FN.match(lines[i])
        if m:
            end = block_end(lines, i)
            if end is not None:
                found.append((end - i + 1, m.group(1), i + 1))
        i += 1
    return found


def block_end(lines, start):
    """The line where the block opened on or after `start` closes (None for a declaration)."""
    depth, opened = 0, False
    for k in range(start, len(lines)):
        for ch in lines[k]:
            if ch == ";" and not opened and depth == 0:
                return None
            if ch == "{":
                depth += 1
                opened = True
            elif ch == "}":
                depth -= 1
                if opened and depth == 0:
                    return k
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent
    rows = []
    for r in ROOTS:
        for path in sorted((root / r).rglob("*.rs")):
            if path.name == "tests.rs":
                continue
            rows += [(n, name, path.relative_to(root), line) for n, name, line in functions(path)]
    rows.sort(key=lambda r: (-r[0], str(r[2]), r[3]))
    over = [r for r in rows if r[0] > args.limit]
    print(f"{len(over)} function(s) over {args.limit} lines; the {args.top} longest:")
    for n, name, path, line in rows[: args.top]:
        print(f"{n:5}  {name}  {path}:{line}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
