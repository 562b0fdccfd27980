#!/usr/bin/env bash
# The "Install pubsite" step of .github/workflows/pages.yml, as a file so that tests can run it.
# The workflow holds the same lines inline (pubsite init copies the workflow into sites that have
# no scripts/); scripts/test_install_pubsite.py checks that both are the same.
# env: PUBSITE_VERSION (required), PUBSITE_GIT, PUBSITE_DOWNLOAD_URL, PUBSITE_TARGET (optional),
#      GITHUB_PATH and RUNNER_TEMP (set by GitHub Actions).
set -euo pipefail
# pubsite $PUBSITE_VERSION: the release archive for this runner, checked against the release's
# SHA-256 file, or built with cargo when the release has no archive for this runner (HTTP 404).
# A checksum that does not match stops the job.
installed() { pubsite --version 2>/dev/null | grep -qxE "pubsite ${PUBSITE_VERSION//./\\.}( .*)?"; }
fetch() { # URL FILE: 0 when fetched, 1 when the server has no such file; any other answer stops
  local status
  status="$(curl --silent --show-error --location --proto-redir '=https' --retry 3 \
    --output "$2" --write-out '%{http_code}' "$1")" || { echo "::error::cannot download $1" >&2; exit 1; }
  case "$status" in
    200) return 0 ;;
    404) return 1 ;;
    *) echo "::error::$1: HTTP $status" >&2; exit 1 ;;
  esac
}
if grep -qs '^name = "pubsite"' Cargo.toml; then
  # pubsite's own repository: its example site is built with this very source.
  cargo install --locked --force --path .
elif installed; then
  echo "pubsite $PUBSITE_VERSION is already installed (restored from the cache)"
else
  target="${PUBSITE_TARGET:-}"
  if [ -z "$target" ]; then
    case "$(uname -s)/$(uname -m)" in
      Linux/x86_64) target=x86_64-unknown-linux-musl ;;
      Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
      Darwin/x86_64) target=x86_64-apple-darwin ;;
      Darwin/arm64) target=aarch64-apple-darwin ;;
    esac
  fi
  name="pubsite-v$PUBSITE_VERSION-$target"
  url="${PUBSITE_DOWNLOAD_URL:-https://github.com/pubsite/pubsite/releases/download}/v$PUBSITE_VERSION"
  dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pubsite-$PUBSITE_VERSION"
  rm -rf "$dir" && mkdir -p "$dir/bin"
  if [ -n "$target" ] && fetch "$url/$name.sha256" "$dir/$name.sha256" \
    && fetch "$url/$name.tar.gz" "$dir/$name.tar.gz"; then
    expected="$(awk -v f="$name.tar.gz" '{ n = $2; sub(/^\*/, "", n) } n == f { print $1; exit }' "$dir/$name.sha256")"
    if command -v sha256sum >/dev/null; then
      actual="$(sha256sum "$dir/$name.tar.gz" | cut -d ' ' -f 1)"
    else
      actual="$(shasum -a 256 "$dir/$name.tar.gz" | cut -d ' ' -f 1)"
    fi
    if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
      echo "::error::$name.tar.gz: SHA-256 $actual, but $name.sha256 says '${expected:-nothing}'" >&2
      exit 1
    fi
    tar -xzf "$dir/$name.tar.gz" -C "$dir/bin" pubsite
    echo "$dir/bin" >> "${GITHUB_PATH:-/dev/null}"
    export PATH="$dir/bin:$PATH"
  else
    echo "No pubsite $PUBSITE_VERSION archive for '${target:-this runner}': building it with cargo"
    cargo install --locked --git "${PUBSITE_GIT:-https://github.com/pubsite/pubsite}" \
      --tag "v$PUBSITE_VERSION" pubsite
  fi
  installed || { echo "::error::pubsite $PUBSITE_VERSION was not installed" >&2; exit 1; }
fi
pubsite --version
