#!/usr/bin/env python3
"""Does `pubsite check` find the broken links that LinkChecker (../shared/tools/check_links.sh)
finds? Builds a site, runs both on it under its base URL's sub-path and compares the broken
targets (the URL a link resolves to, with its #fragment for a missing anchor).

usage: compare_link_checks.py PUBSITE SITE_DIR CHECK_LINKS_SH
exit:  0 when every target LinkChecker reports is reported by pubsite, and pubsite's extra
       reports are only same-page anchors (which LinkChecker does not check); 1 otherwise.
"""
import re
import subprocess
import sys
import tempfile
import tomllib
from urllib.parse import urlsplit

pubsite, site, check_links = sys.argv[1:4]
base = tomllib.load(open(f"{site}/site.toml", "rb"))["base_url"]
prefix = "/" + urlsplit(base).path.strip("/") + "/" if urlsplit(base).path.strip("/") else "/"

with tempfile.TemporaryDirectory() as work:
    subprocess.run([pubsite, "build", "--root", site, "--output", f"{work}/public"], check=True,
                   stdout=subprocess.DEVNULL)
    lc = subprocess.run([check_links, f"{work}/public", prefix], capture_output=True, text=True)
ours = subprocess.run([pubsite, "check", "--root", site], capture_output=True, text=True)
print(lc.stdout.strip().splitlines()[-1] if lc.stdout.strip() else lc.stderr)

def path_of(url):
    parts = urlsplit(url)
    return parts.path + ("#" + parts.fragment if parts.fragment else "")

theirs = set()
for line in lc.stdout.splitlines():
    m = re.match(r"(BROKEN|ANCHOR)\s+(\S+?):\d*: (\S+) -> (\S+)", line)
    if not m:
        continue
    kind, page, urlname, resolved = m.groups()
    if kind == "BROKEN":
        theirs.add(("broken", path_of(resolved)))
    else:
        # ANCHOR lines name the link as written; resolve it against the page.
        from urllib.parse import urljoin
        theirs.add(("anchor", path_of(urljoin("http://x" + page, urlname))))

mine, same_page = set(), set()
for line in ours.stderr.splitlines():
    if m := re.match(r"error: broken link `.*?`: nothing is served at (\S+)", line):
        mine.add(("broken", m.group(1)))
    elif m := re.match(r"error: link `.*?` leaves the site's path \S+: it leads to (\S+)", line):
        mine.add(("broken", m.group(1)))
    elif m := re.match(r"error: missing anchor `(.*?)`: no id=\"(.*?)\" on (\S+)", line):
        target = ("anchor", f"{m.group(3)}#{m.group(2)}")
        (same_page if m.group(1).startswith("#") else mine).add(target)

print(f"LinkChecker: {len(theirs)} broken targets; pubsite check: {len(mine)} "
      f"(+{len(same_page)} same-page anchors LinkChecker does not check)")
for kind, target in sorted(theirs | mine | same_page):
    who = ("both" if (kind, target) in theirs and (kind, target) in mine else
           "pubsite only (same page)" if (kind, target) in same_page else
           "LinkChecker only" if (kind, target) in theirs else "pubsite only")
    print(f"  {kind:6} {target}  [{who}]")
missed = theirs - mine - same_page
extra = mine - theirs
if missed or extra or not theirs:
    print(f"DISAGREE: LinkChecker only {sorted(missed)}; pubsite only {sorted(extra)}")
    sys.exit(1)
print("agree")
