#!/usr/bin/env python3
"""Reads a built site's exports with independent parsers: publications.bib with bibtexparser,
feed.xml with feedparser. Exits 1 on any error or count mismatch.

usage: scripts/check_exports.py PUBLIC_DIR EXPECTED_PAPERS
"""
import json
import sys
from pathlib import Path

import bibtexparser
import feedparser


def main():
    site, expected = Path(sys.argv[1]), int(sys.argv[2])
    problems = []
    parser = bibtexparser.bparser.BibTexParser(common_strings=True)
    with open(site / "publications.bib", encoding="utf-8") as f:
        bib = bibtexparser.load(f, parser=parser)
    if len(bib.entries) != expected:
        problems.append(f"publications.bib: {len(bib.entries)} entries, expected {expected}")
    keys = [e["ID"] for e in bib.entries]
    if len(set(keys)) != len(keys):
        problems.append("publications.bib: duplicate citation keys")
    for entry in bib.entries:
        for field in ("title", "year"):
            if not entry.get(field):
                problems.append(f"publications.bib: {entry['ID']} lacks {field}")
    items = json.loads((site / "publications.json").read_text(encoding="utf-8"))
    if len(items) != expected:
        problems.append(f"publications.json: {len(items)} items, expected {expected}")
    feed = feedparser.parse(str(site / "feed.xml"))
    if feed.bozo:
        problems.append(f"feed.xml: {feed.bozo_exception}")
    if feed.version != "atom10":
        problems.append(f"feed.xml: version {feed.version!r}, expected atom10")
    if not feed.entries or any(not (e.get("id") and e.get("title") and e.get("updated")) for e in feed.entries):
        problems.append("feed.xml: an entry lacks id, title or updated")
    for p in problems:
        print(p)
    print(f"exports: bibtexparser read {len(bib.entries)} entries, publications.json {len(items)} items, "
          f"feedparser read {len(feed.entries)} entries ({feed.version}, bozo={int(feed.bozo)}); "
          f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
