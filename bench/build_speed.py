#!/usr/bin/env python3
"""Full-build time and peak memory of pubsite against Hugo on the same synthetic corpus.

Generates sites of N papers with ../shared/bench/gen_corpus.py (formats `pubsite` and `hugo`),
then builds each of them RUNS times, alternating pubsite and Hugo so that both see the same
machine load, and prints the median wall time (with the fastest and slowest run), the median
peak RSS (from /usr/bin/time) and the ratios. Hugo runs only when `hugo` is installed (Debian:
apt-get install hugo).

With --equivalent, pubsite builds the corpus with bench/equivalent/templates (the same pages
as the generator's Hugo and Zola templates), `coauthor_pages = false` and `paginate = 0`; without
it, with the default theme.

Each run writes into a new, empty folder, and the outputs are deleted only at the end: on a
filesystem like this machine's (ext4 without a journal), creating files just after tens of
thousands were deleted is several times slower (the kernel skips inodes freed in the last
minutes, one lookup each), so deleting the last output before each timed run would time the
harness's deletions rather than the tools. `--delete-between` does that anyway, for comparison.

The floor line is `examples/write_floor.rs` writing pubsite's output files (read into memory
first) into a new folder with both cores: what writing the same files costs here. It runs in
each round, after the tools. Every timed run starts after `sync`, so that no run pays for
flushing the files of the one before (without it, and with the floor in each round, runs of
the same default-theme build here took 0.84 to 1.51 s).

With --against PATH (another pubsite binary, say the previous commit's), that binary builds the
same site in each round beside --pubsite, and the paired median of their time ratios (--pubsite
over --against, one ratio a round) is printed: the way to compare two commits on this noisy
machine. --no-hugo leaves Hugo out.

usage: bench/build_speed.py [--sizes 1000,10000] [--runs 5] [--equivalent] [--pubsite PATH]
                            [--against PATH] [--no-hugo] [--work DIR] [--delete-between]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS in MiB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    seconds, kib = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pubsite", default=os.path.join(REPO, "target", "dist", "pubsite"))
    ap.add_argument("--equivalent", action="store_true", help="pubsite with templates equivalent to Hugo's")
    ap.add_argument("--work", default=None,
                    help="folder for the sites and outputs (default: the system's temporary folder); "
                         "/dev/shm puts them on a RAM disk")
    ap.add_argument("--against", default=None, help="another pubsite binary, built beside --pubsite in each round")
    ap.add_argument("--no-hugo", action="store_true", help="leave Hugo out")
    ap.add_argument("--delete-between", action="store_true",
                    help="delete each tool's last output just before its next timed run")
    args = ap.parse_args()
    floor = os.path.join(os.path.dirname(args.pubsite), "examples", "write_floor")
    hugo = None if args.no_hugo else shutil.which("hugo")
    if not os.path.exists(args.pubsite):
        sys.exit(f"{args.pubsite} not found: run cargo build --profile dist first")
    if not os.path.exists(floor):
        sys.exit(f"{floor} not found: run cargo build --profile dist --example write_floor first")
    print(f"pubsite ({'equivalent templates' if args.equivalent else 'default theme'}): {args.pubsite}; hugo: {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.split()[1] if hugo else 'not installed'}")
    print(f"{'papers':>7} {'tool':8} {'median s':>9} {'s/paper (us)':>13} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        for n in [int(s) for s in args.sizes.split(",")]:
            sites = {}
            for fmt in ["pubsite"] + (["hugo"] if hugo else []):
                sites[fmt] = os.path.join(work, f"{fmt}-{n}")
                subprocess.run([sys.executable, GEN, "--n", str(n), "--format", fmt, "--out", sites[fmt]],
                               check=True, stdout=subprocess.DEVNULL)
                if fmt == "pubsite" and args.equivalent:
                    shutil.copytree(os.path.join(HERE, "equivalent", "templates"), os.path.join(sites[fmt], "templates"))
                    config = os.path.join(sites[fmt], "site.toml")
                    text = open(config, encoding="utf-8").read()
                    open(config, "w", encoding="utf-8").write("coauthor_pages = false\npaginate = 0\n" + text)
            if args.against:
                sites["against"] = sites["pubsite"]
            results = {fmt: [] for fmt in sites}
            floors = []
            for run in range(args.runs):
                # Which tool goes first alternates from round to round: the second one in a
                # round runs slower here (on a RAM disk by 20 to 50%), after the first's output.
                order = list(sites.items())
                if run % 2 == 1:
                    order.reverse()
                for fmt, site in order:
                    out = os.path.join(work, f"out-{fmt}-{n}-{run}")
                    if args.delete_between and run > 0:
                        shutil.rmtree(os.path.join(work, f"out-{fmt}-{n}-{run - 1}"))
                    if fmt == "pubsite":
                        cmd = [args.pubsite, "build", "--root", site, "--output", out]
                    elif fmt == "against":
                        cmd = [args.against, "build", "--root", site, "--output", out]
                    else:
                        cmd = [hugo, "--quiet", "--source", site, "--destination", out]
                    # Each run starts with nothing left to flush to disk from the run before.
                    os.sync()
                    results[fmt].append(timed(cmd))
                # The floor in the same round, under the same conditions.
                os.sync()
                out = subprocess.run([floor, os.path.join(work, f"out-pubsite-{n}-{run}"),
                                      os.path.join(work, f"floor-{n}-{run}")],
                                     check=True, capture_output=True, text=True).stdout
                floors.append(float(out.split(" in ")[1].split()[0]))
            medians = {}
            for fmt, runs in results.items():
                t = statistics.median(r[0] for r in runs)
                m = statistics.median(r[1] for r in runs)
                medians[fmt] = (t, m)
                spread = f"{min(r[0] for r in runs):.2f} to {max(r[0] for r in runs):.2f}"
                print(f"{n:>7} {fmt:8} {t:>9.2f} {t / n * 1e6:>13.0f} {m:>9.0f}   ({spread} s)")
            ft = statistics.median(floors)
            print(f"{n:>7} {'floor':8} {ft:>9.2f} {ft / n * 1e6:>13.0f} {'':>9}   (writing pubsite's files; pubsite at {medians['pubsite'][0] / ft:.2f}x of it)")
            if "against" in medians:
                paired = statistics.median(p[0] / a[0] for p, a in zip(results["pubsite"], results["against"]))
                print(f"{n:>7} paired   pubsite/against time, median of {args.runs} rounds: {paired:.3f}")
            if "hugo" in medians:
                (pt, pm), (ht, hm) = medians["pubsite"], medians["hugo"]
                print(f"{n:>7} ratio    hugo/pubsite time {ht / pt:.2f}x, pubsite/hugo memory {pm / hm:.2f}x")


if __name__ == "__main__":
    main()
