#!/usr/bin/env python3
"""Edit-to-reload latency of `pubsite serve`.

Starts `pubsite serve` on a free loopback port against a temporary copy of a site, listens on
its reload channel, then edits one paper's title N times (a different paper each time) and
measures, for each edit, the time from the file write to the `reload` event. Prints the median
and spread, and the median split that the server reports for each rebuild (debounce wait,
load/parse, render, write).

usage: bench/reload_latency.py [--papers N] [--edits 20] [--binary PATH]
       --papers 0 (default) uses the example site at the repository root; N > 0 generates N
       synthetic papers with ../shared/bench/gen_corpus.py.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
SPLIT = re.compile(r"debounce ([\d.]+) ms, load ([\d.]+) ms, render ([\d.]+) ms, write ([\d.]+) ms"
                   r"(?:; pages ready after ([\d.]+) ms)?")


def make_site(papers, where):
    site = where / "site"
    if papers == 0:
        site.mkdir()
        shutil.copy(REPO / "site.toml", site / "site.toml")
        shutil.copytree(REPO / "content", site / "content")
    else:
        subprocess.run([sys.executable, str(GEN), "--n", str(papers), "--format", "pubsite",
                        "--out", str(site)], check=True, stdout=subprocess.DEVNULL)
    return site


class Events(threading.Thread):
    """Reads the server-sent events and timestamps each `reload`."""

    def __init__(self, port, prefix):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET {prefix}__pubsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.reloads = []
        self.errors = 0
        self.cond = threading.Condition()

    def run(self):
        buffer = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            now = time.perf_counter()
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                with self.cond:
                    if b"event: reload" in event:
                        self.reloads.append(now)
                    elif b"event: build-error" in event:
                        self.errors += 1
                    self.cond.notify_all()

    def wait_reloads(self, count, timeout=30):
        with self.cond:
            ok = self.cond.wait_for(lambda: len(self.reloads) >= count or self.errors, timeout)
        if not ok or self.errors:
            raise SystemExit(f"no reload event (errors: {self.errors})")
        return self.reloads[count - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=0)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--binary", default=str(REPO / "target" / "dist" / "pubsite"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(args.papers, Path(tmp))
        server = subprocess.Popen([args.binary, "serve", "--port", "0", "--root", str(site)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            lines = []
            for line in server.stdout:
                lines.append(line)
                if line.startswith("Serving "):
                    break
            url = line.split()[1]
            port = int(url.split(":")[2].split("/")[0])
            prefix = "/" + url.split("/", 3)[3]
            reports = []
            threading.Thread(target=lambda: [reports.append(l) for l in server.stdout], daemon=True).start()
            events = Events(port, prefix)
            events.start()
            time.sleep(0.3)

            papers = sorted((site / "content" / "papers").glob("*.md"))
            latencies = []
            for i in range(args.edits):
                paper = papers[(i * 7919) % len(papers)]
                text = paper.read_text(encoding="utf-8")
                new = re.sub(r'^title = "(.*?)( \(edit \d+\))?"$', rf'title = "\1 (edit {i})"', text,
                             count=1, flags=re.M)
                start = time.perf_counter()
                paper.write_text(new, encoding="utf-8")
                arrived = events.wait_reloads(i + 1)
                latencies.append((arrived - start) * 1000)
                time.sleep(0.25)
            time.sleep(0.2)
        finally:
            server.terminate()
            server.wait()

    splits = [tuple(float(g or 0) for g in m.groups()) for m in map(SPLIT.search, reports) if m]
    splits = [s for s in splits if s[:4] != (0.0, 0.0, 0.0, 0.0)][-args.edits:]
    where = "example site" if args.papers == 0 else f"{args.papers} synthetic papers"
    print(f"{where}: {args.edits} edits, write-to-reload latency "
          f"median {statistics.median(latencies):.1f} ms "
          f"(min {min(latencies):.1f}, max {max(latencies):.1f})")
    if splits:
        # "write" includes the data files written after the reload; "pages ready" is the time
        # from the start of the rebuild to the reload.
        names = ["debounce", "load", "render", "write", "pages ready"]
        medians = [statistics.median(s[k] for s in splits) for k in range(5)]
        print("  server-side medians: " + ", ".join(f"{n} {v:.1f} ms" for n, v in zip(names, medians)))


if __name__ == "__main__":
    main()
