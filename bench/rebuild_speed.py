#!/usr/bin/env python3
"""Time of `pubsite build` over an existing output: nothing changed, one paper edited, every page
changed (the site's title), each RUNS times in turn, on a synthetic site of N papers.

A user runs `build` again and again into the same folder; this is what those builds cost. Each
round makes the change, then builds with each binary into its own output folder (with
`--against OTHER`, a second pubsite binary builds the same sources side by side, and the ratios
OTHER / PUBSITE are printed). Every timed build starts after `sync`. The outputs are left on the
disk until the end, since deleting tens of thousands of files slows the file creation of the
next minutes on ext4 (see bench/build_speed.py).

usage: bench/rebuild_speed.py [--papers 10000] [--runs 5] [--pubsite PATH] [--against PATH]
                              [--work DIR]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
KINDS = ["nothing changed", "one paper edited", "every page changed"]


def build(binary, site, output):
    """Builds site into output with binary after `sync`; returns (wall s, user s, system s)."""
    os.sync()
    started = time.perf_counter()
    child = subprocess.Popen([binary, "build", "--root", site, "--output", output],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"{binary} failed:\n{child.stderr.read().decode()}")
    return wall, usage.ru_utime, usage.ru_stime


def change(kind, site, papers, round_):
    if kind == "one paper edited":
        path = os.path.join(site, "content", "papers", papers[round_ % len(papers)])
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\nEdited in round {round_}.\n")
    elif kind == "every page changed":
        config = os.path.join(site, "site.toml")
        with open(config, encoding="utf-8") as f:
            lines = f.read().splitlines()
        lines = [f'title = "Synthetic Lab, round {round_}"' if l.startswith("title = ") else l for l in lines]
        with open(config, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pubsite", default=os.path.join(REPO, "target", "dist", "pubsite"))
    ap.add_argument("--against", default=None, help="another pubsite binary, built side by side")
    ap.add_argument("--work", default=None, help="folder for the site and outputs (default: the system's temporary folder)")
    args = ap.parse_args()
    binaries = {"pubsite": args.pubsite}
    if args.against:
        binaries["against"] = args.against
    for path in binaries.values():
        if not os.path.exists(path):
            sys.exit(f"{path} not found: run cargo build --profile dist first")
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        site = os.path.join(work, "site")
        subprocess.run([sys.executable, GEN, "--n", str(args.papers), "--format", "pubsite", "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
        papers = sorted(os.listdir(os.path.join(site, "content", "papers")))
        outputs = {name: os.path.join(work, f"out-{name}") for name in binaries}
        first = {name: build(binary, site, outputs[name]) for name, binary in binaries.items()}
        times = {(name, kind): [] for name in binaries for kind in KINDS}
        for round_ in range(args.runs):
            for kind in KINDS:
                change(kind, site, papers, round_)
                for name, binary in binaries.items():
                    times[(name, kind)].append(build(binary, site, outputs[name]))
        print(f"{args.papers} papers, {args.runs} rounds; " +
              ", ".join(f"{name}: {path}" for name, path in binaries.items()))
        for name in binaries:
            print(f"  {name:8} first build into an empty folder {first[name][0]:.2f} s")
        print(f"  {'build':20} {'binary':8} {'median s':>9} {'user s':>7} {'system s':>9}   range")
        for kind in KINDS:
            for name in binaries:
                runs = times[(name, kind)]
                walls = sorted(r[0] for r in runs)
                print(f"  {kind:20} {name:8} {statistics.median(walls):9.2f} "
                      f"{statistics.median(r[1] for r in runs):7.2f} {statistics.median(r[2] for r in runs):9.2f}"
                      f"   {walls[0]:.2f} to {walls[-1]:.2f} s")
            if args.against:
                pairs = zip(times[("against", kind)], times[("pubsite", kind)])
                ratio = statistics.median(a[0] / b[0] for a, b in pairs)
                print(f"  {kind:20} against / pubsite, paired median {ratio:.2f}x")


if __name__ == "__main__":
    main()
