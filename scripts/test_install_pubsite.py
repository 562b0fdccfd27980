#!/usr/bin/env python3
"""Runs the "Install pubsite" step of the GitHub Pages workflow against a local HTTP server that
serves release-like archives (as taiki-e/upload-rust-binary-action names them), with a stand-in
`cargo` that records how it was called. No internet is used.

usage: python3 scripts/test_install_pubsite.py [WORKFLOW.yml [SCRIPT.sh]]
Prints one line per case and 'N passed, N failed'; exits 1 when a case fails.
"""
import functools
import hashlib
import http.server
import io
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import threading

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKFLOW = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".github/workflows/pages.yml")
SCRIPT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "scripts/install-pubsite.sh")

workflow = yaml.safe_load(open(WORKFLOW, encoding="utf-8"))
ENV = {k: str(v) for k, v in workflow["env"].items()}
VERSION = ENV["PUBSITE_VERSION"]
[STEP] = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install pubsite"]
RUN = STEP["run"]


def host_target():
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform.startswith("linux"):
        return f"{arch}-unknown-linux-musl"
    if sys.platform == "darwin":
        return f"{arch}-apple-darwin"
    sys.exit(f"no release target for this host ({sys.platform}, {machine})")


TARGET = host_target()
NAME = f"pubsite-v{VERSION}-{TARGET}"


def fake_pubsite(label):
    return f"#!/bin/sh\necho 'pubsite {VERSION} ({label})'\n"


def archive_bytes(script):
    """A .tar.gz laid out as upload-rust-binary-action makes it: the binary at the top."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        data = script.encode()
        info = tarfile.TarInfo("pubsite")
        info.size, info.mode = len(data), 0o755
        tar.addfile(info, io.BytesIO(data))
        readme = b"pubsite\n"
        info = tarfile.TarInfo("README.md")
        info.size, info.mode = len(readme), 0o644
        tar.addfile(info, io.BytesIO(readme))
    return buf.getvalue()


class Handler(http.server.SimpleHTTPRequestHandler):
    hits = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path.startswith("/broken/"):
            self.send_error(500)
            return
        super().do_GET()


def make_release(root, prefix, archive, sums):
    """Files under root/prefix/vVERSION/: archive (bytes or None) and the .sha256 text (or None)."""
    d = os.path.join(root, prefix, f"v{VERSION}")
    os.makedirs(d, exist_ok=True)
    if archive is not None:
        with open(os.path.join(d, f"{NAME}.tar.gz"), "wb") as f:
            f.write(archive)
    if sums is not None:
        with open(os.path.join(d, f"{NAME}.sha256"), "w") as f:
            f.write(sums)


def run(work, base_url, *, script=None, site_files=None, extra_env=None, on_path=None):
    """Runs the step's script in a fresh site folder; returns (code, output, cargo calls, GITHUB_PATH)."""
    case = tempfile.mkdtemp(dir=work)
    site, home, temp, fakebin = (os.path.join(case, d) for d in ("site", "home", "temp", "fakebin"))
    cargo_bin = os.path.join(home, ".cargo", "bin")
    for d in (site, temp, fakebin, cargo_bin):
        os.makedirs(d)
    for name, text in (site_files or {}).items():
        with open(os.path.join(site, name), "w") as f:
            f.write(text)
    log = os.path.join(case, "cargo.log")
    with open(os.path.join(fakebin, "cargo"), "w") as f:
        f.write(
            "#!/bin/sh\n"
            f"echo \"$*\" >> '{log}'\n"
            f"printf '%s\\n' '#!/bin/sh' \"echo 'pubsite {VERSION} (cargo)'\" > '{cargo_bin}/pubsite'\n"
            f"chmod +x '{cargo_bin}/pubsite'\n"
        )
    os.chmod(os.path.join(fakebin, "cargo"), 0o755)
    if on_path:
        with open(os.path.join(cargo_bin, "pubsite"), "w") as f:
            f.write(on_path)
        os.chmod(os.path.join(cargo_bin, "pubsite"), 0o755)
    github_path = os.path.join(case, "github_path")
    open(github_path, "w").close()
    env = {
        "PATH": os.pathsep.join([fakebin, cargo_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": home,
        "RUNNER_TEMP": temp,
        "GITHUB_PATH": github_path,
        **ENV,
        **{k: str(v) for k, v in (STEP.get("env") or {}).items()},
        "PUBSITE_DOWNLOAD_URL": base_url,
        **(extra_env or {}),
    }
    if script is None:
        cmd = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", RUN]
    else:
        cmd = ["bash", script]
    p = subprocess.run(cmd, cwd=site, env=env, capture_output=True, text=True, timeout=60)
    calls = open(log).read().splitlines() if os.path.exists(log) else []
    return p.returncode, p.stdout + p.stderr, calls, open(github_path).read().splitlines()


def main():
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f"\n{detail}"))

    body = open(SCRIPT, encoding="utf-8").read()
    body = body[body.index("set -euo pipefail\n"):]
    check("the workflow's Install step is scripts/install-pubsite.sh", RUN == body,
          "the inline script and scripts/install-pubsite.sh differ")
    check("PUBSITE_VERSION is named once in the workflow",
          open(WORKFLOW, encoding="utf-8").read().count(VERSION) == 1 and bool(VERSION))

    work = tempfile.mkdtemp(prefix="pubsite-install-test-")
    srv = os.path.join(work, "srv")
    good = archive_bytes(fake_pubsite("release"))
    sha = hashlib.sha256(good).hexdigest()
    make_release(srv, "good", good, f"{sha}  {NAME}.tar.gz\n")
    make_release(srv, "star", good, f"{sha} *{NAME}.tar.gz\n")
    make_release(srv, "none", None, None)
    make_release(srv, "nosums", good, None)
    make_release(srv, "mismatch", good, f"{'0' * 64}  {NAME}.tar.gz\n")
    make_release(srv, "othername", good, f"{sha}  pubsite-v{VERSION}-other.tar.gz\n")
    make_release(srv, "tampered", archive_bytes(fake_pubsite("evil")), f"{sha}  {NAME}.tar.gz\n")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=srv))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    fallback = [f"install --locked --git {ENV['PUBSITE_GIT']} --tag v{VERSION} pubsite"]

    try:
        for label, url in (("sha256sum format", "good"), ("binary-mode '*' format", "star")):
            code, out, calls, gp = run(work, f"{base}/{url}")
            check(f"downloads, verifies ({label}) and installs the {TARGET} archive",
                  code == 0 and not calls and len(gp) == 1 and f"pubsite {VERSION} (release)" in out,
                  f"code {code}, cargo {calls}, GITHUB_PATH {gp}\n{out}")

        code, out, calls, gp = run(work, f"{base}/good", script=SCRIPT)
        check("scripts/install-pubsite.sh does the same", code == 0 and not calls and len(gp) == 1,
              f"code {code}, cargo {calls}\n{out}")

        for label, url in (("no release archive (404)", "none"), ("no checksum file (404)", "nosums")):
            code, out, calls, gp = run(work, f"{base}/{url}")
            check(f"{label}: falls back to cargo install of the same version",
                  code == 0 and calls == fallback and not gp and f"pubsite {VERSION} (cargo)" in out,
                  f"code {code}, cargo {calls}\n{out}")

        code, out, calls, gp = run(work, f"{base}/good",
                                   extra_env={"PUBSITE_TARGET": "riscv64gc-unknown-linux-musl"})
        check("a target without an archive falls back to cargo install", code == 0 and calls == fallback,
              f"code {code}, cargo {calls}\n{out}")

        for label, url in (("checksum mismatch", "mismatch"), ("checksum file names another archive", "othername"),
                           ("archive differs from its checksum", "tampered")):
            code, out, calls, gp = run(work, f"{base}/{url}")
            check(f"{label}: fails, without fallback or PATH entry",
                  code != 0 and not calls and not gp and "SHA-256" in out,
                  f"code {code}, cargo {calls}, GITHUB_PATH {gp}\n{out}")

        code, out, calls, gp = run(work, f"{base}/broken")
        check("a server error (HTTP 500) fails, without fallback", code != 0 and not calls and "HTTP 500" in out,
              f"code {code}, cargo {calls}\n{out}")

        before = len(Handler.hits)
        code, out, calls, gp = run(work, f"{base}/good", on_path=fake_pubsite("cached"))
        check("the pinned version restored from the cache is used as it is",
              code == 0 and not calls and len(Handler.hits) == before and "(cached)" in out,
              f"code {code}, cargo {calls}\n{out}")

        code, out, calls, gp = run(work, f"{base}/good", on_path="#!/bin/sh\necho 'pubsite 0.0.1 (old)'\n")
        check("another cached version is replaced by the download", code == 0 and not calls and "(release)" in out,
              f"code {code}, cargo {calls}\n{out}")

        code, out, calls, gp = run(work, f"{base}/good",
                                   site_files={"Cargo.toml": '[package]\nname = "pubsite"\n'})
        check("pubsite's own repository installs its own source",
              code == 0 and calls == ["install --locked --force --path ."], f"code {code}, cargo {calls}\n{out}")
    finally:
        server.shutdown()

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
