#!/usr/bin/env python3
"""Every handout link the student sees must land on a heading.

The links come from two places: each graded test's handout (as
`store-grade-solutions --list` prints it) and the TODOs of the skeleton and
the reference (`STORE_TODO(n, "docs/labs/...#anchor")`, `TODO(labN): ...
see docs/labs/...#anchor`). A heading's anchor is made as GitHub makes it:
lower case, punctuation dropped, spaces to hyphens.

usage: check_handout_links.py SOURCE_DIR GRADER_BINARY
"""
import pathlib
import re
import subprocess
import sys

LINK = re.compile(r"(docs/labs/[A-Za-z0-9_-]+\.md)#([A-Za-z0-9_-]+)")


def anchors(markdown: pathlib.Path) -> set:
    found = set()
    for line in markdown.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if heading:
            text = heading.group(1).lower()
            text = re.sub(r"[^\w\- ]", "", text)
            found.add(text.replace(" ", "-"))
    return found


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    listing = subprocess.run([sys.argv[2], "--list"], capture_output=True, text=True, check=True).stdout
    links = {(m.group(1), m.group(2), "the test list") for m in LINK.finditer(listing)}
    for folder in ("labs", "solutions"):
        for source in sorted((root / folder).rglob("*")):
            if source.suffix in (".h", ".cpp"):
                for m in LINK.finditer(source.read_text(encoding="utf-8")):
                    links.add((m.group(1), m.group(2), str(source.relative_to(root))))
    cache = {}
    broken = []
    for doc, anchor, where in sorted(links):
        path = root / doc
        if doc not in cache:
            cache[doc] = anchors(path) if path.exists() else None
        if cache[doc] is None:
            broken.append(f"{where}: {doc} does not exist")
        elif anchor not in cache[doc]:
            broken.append(f"{where}: {doc} has no heading for #{anchor}")
    for line in broken:
        print(line, file=sys.stderr)
    tests = sum(1 for _, _, where in links if where == "the test list")
    print(f"{len(links)} handout links checked ({tests} from the test list), {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
