#!/usr/bin/env python3
"""Turn the profile seed (a text dump of a researcher's paper list) into pubsite paper files.

Used once to create the example site's content/papers/; kept so the derivation can be repeated.
usage: scripts/seed_to_content.py SEED.txt OUT_DIR
"""
import datetime
import re
import sys
from pathlib import Path

MONTHS = {m: i + 1 for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}
HEAD = re.compile(r"^([A-Z]{2})([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?(Code)?$")
DEFAULT_YEAR = 2026  # DESIGN.md: a seed date without a year is in 2026
REPO = re.compile(r"https?://github\.com/[\w.-]+/[\w.-]+")


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slug_of(title, taken):
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    base = "-".join(words[:8])
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def papers(lines):
    i = 0
    while i < len(lines):
        m = HEAD.match(lines[i])
        if not m:
            i += 1
            continue
        topic, mon, day, year, code = m.groups()
        title = lines[i + 1].strip()
        byline = lines[i + 3].strip()
        abstract = lines[i + 5].strip()
        names, _, orgs = byline.partition(" · ")
        et_al = names.endswith(" et al.")
        if et_al:
            names = names[: -len(" et al.")]
        date = datetime.date(int(year or DEFAULT_YEAR), MONTHS[mon], int(day))
        yield dict(topic=topic, date=date, code=bool(code), title=title,
                   authors=[a.strip() for a in names.split(",")], et_al=et_al,
                   orgs=[o.strip() for o in orgs.split(",") if o.strip()], abstract=abstract)
        i += 6


def render(p):
    out = ["+++", f"title = {toml_str(p['title'])}", f"date = {p['date'].isoformat()}",
           "authors = [" + ", ".join(toml_str(a) for a in p["authors"]) + "]"]
    if p["et_al"]:
        out.append("et_al = true")
    out.append(f"topics = [{toml_str(p['topic'])}]")
    if p["orgs"]:
        out.append("organizations = [" + ", ".join(toml_str(o) for o in p["orgs"]) + "]")
    repo = REPO.search(p["abstract"]) if p["code"] else None
    if p["code"] and not repo:
        out.append("code = true")
    if repo:
        out += ["", "[links]", f"code = {toml_str(repo.group(0))}"]
    out += ["+++", p["abstract"], ""]
    return "\n".join(out)


def main():
    seed, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    taken = set()
    count = 0
    for p in papers(seed.read_text(encoding="utf-8").splitlines()):
        (out_dir / f"{slug_of(p['title'], taken)}.md").write_text(render(p), encoding="utf-8")
        count += 1
    print(f"{count} papers written to {out_dir}")


if __name__ == "__main__":
    main()
