#!/usr/bin/env bash
# Deployment checks (the `deploy:test` Nx target, part of `./portico test`). Needs no cluster
# and no Docker: renders every kustomization and runs the validators on the result.
#   1. tools       .cache/deploy-tools (install-tools.sh; skipped when already there)
#   2. render      overlays/local, overlays/production, base + every component
#   3. schemas     strict validation: Kubernetes schemas (kubernetes-validate) for built-in
#                  kinds, vendored CRD schemas (deploy/check/crds) for Strimzi, KEDA and
#                  prometheus-operator kinds
#   4. checkov     rendered manifests (and deploy/docker/Dockerfile when present): every failed
#                  check fails, except the skips listed below with their reasons
#   5. hadolint    deploy/docker/Dockerfile, when present
#   6. dclint      docker-compose.yml, when present
#   7. topics      deploy/k8s/base/kafka-topics.yaml matches libs/contracts
#   8. rules       deploy/observability/prometheus: promtool check rules, promtool test rules
#   9. dashboard   deploy/observability/check-dashboard.ts (its queries parsed by promtool)
#  10. rule drift  components/monitoring/prometheus-rule.yaml matches the rule file
# Every step runs; the script exits 1 if any of them found something.
set -uo pipefail

ROOT="${PORTICO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
TOOLS="${PORTICO_CACHE:-$ROOT/.cache}/deploy-tools"
VENV="$TOOLS/venv"
PROMTOOL="$TOOLS/promtool/bin/promtool"
RULES=deploy/observability/prometheus/portico-alerts.yaml
RULE_TESTS=deploy/observability/prometheus/portico-alerts.test.yaml
OUT="$ROOT/tmp/deploy-check"
# A Kubernetes release providers still support and the newest kubernetes-validate knows.
K8S_VERSIONS=(1.34.0 1.37.0)

# checkov has no severities without a Bridgecrew/Prisma API key, so every failed check counts
# unless skipped here, each for a stated reason:
#   CKV_K8S_43 (image by digest): a digest exists only once CI has built and pushed the image;
#     the release step pins it (`kustomize edit set image ghcr.io/portico/<service>@sha256:...`).
#     The local overlay's third-party images (mongo, minio, mailpit) are pinned by version tag.
SKIP_ALL="CKV_K8S_43"
# Local overlay only:
#   CKV_K8S_15 (imagePullPolicy Always): images there are loaded into the cluster by hand
#     (kind load, minikube image load) and exist in no registry to pull from.
#   CKV2_K8S_6 (every pod selected by a NetworkPolicy): the local overlay runs without
#     components/network-policies, whose default deny would also cut off the in-cluster servers
#     (Strimzi's entity operator needs the API server, Kafka its own pods); those policies are
#     checked in the production and all-components renderings.
SKIP_LOCAL="CKV_K8S_15,CKV2_K8S_6"

failures=()
t_start=$SECONDS
step() { printf '==> deploy: %s\n' "$*"; }
fail() { failures+=("$1"); printf '  FAILED: %s\n' "$1"; }

step "tools"
if ! bash "$ROOT/deploy/check/install-tools.sh"; then
  echo "deploy checks: could not install the tools" >&2
  exit 1
fi
if command -v kubectl >/dev/null; then kustomize() { kubectl kustomize "$1"; }; else kustomize() { "$TOOLS/go-bin/kustomize" build "$1"; }; fi

step "render (kustomize)"
rm -rf "$OUT" && mkdir -p "$OUT"
declare -A TARGETS=([local]=deploy/k8s/overlays/local [production]=deploy/k8s/overlays/production [all-components]=deploy/check/all-components)
RENDERED=()
for name in local production all-components; do
  if kustomize "${TARGETS[$name]}" >"$OUT/$name.yaml" 2>"$OUT/$name.err"; then
    printf '  %s: %s resources\n' "${TARGETS[$name]}" "$(grep -c '^kind:' "$OUT/$name.yaml")"
    RENDERED+=("$OUT/$name.yaml")
  else
    sed 's/^/    /' "$OUT/$name.err"
    fail "kustomize ${TARGETS[$name]}"
  fi
done

step "schemas (kubernetes-validate --strict, k8s ${K8S_VERSIONS[*]}; vendored CRDs)"
if [ "${#RENDERED[@]}" -gt 0 ]; then
  "$VENV/bin/python" "$ROOT/deploy/check/validate.py" --crds "$ROOT/deploy/check/crds" \
    $(printf -- '-k %s ' "${K8S_VERSIONS[@]}") "${RENDERED[@]}" || fail "schema validation"
fi

# One checkov run; prints a summary line and each failed check.
run_checkov() {
  local label="$1" skips="$2"; shift 2
  local json="$OUT/checkov-$label.json"
  "$VENV/bin/checkov" --quiet --compact -o json --skip-check "$skips" "$@" >"$json" 2>"$OUT/checkov-$label.err"
  local rc=$?
  "$VENV/bin/python" - "$json" "$label" "$skips" <<'PY'
import json, sys
path, label, skips = sys.argv[1:4]
try:
    data = json.load(open(path))
except ValueError:
    print(f"  {label}: checkov produced no report"); sys.exit(1)
reports = data if isinstance(data, list) else [data]
passed = failed = 0
shown = []
for report in reports:
    summary = report.get("summary", {})
    passed += summary.get("passed", 0); failed += summary.get("failed", 0)
    for check in report.get("results", {}).get("failed_checks", []):
        shown.append(f"    {check['check_id']} {check['check_name']}: {check.get('resource')}")
for line in shown[:10]:
    print(line)
if len(shown) > 10:
    print(f"    ... and {len(shown) - 10} more (tmp/deploy-check/checkov-{label}.json)")
print(f"  {label}: {passed} passed, {failed} failed (skipped by policy: {skips})")
sys.exit(1 if failed else 0)
PY
  local parsed=$?
  if [ $parsed -ne 0 ] || { [ $rc -ne 0 ] && [ $rc -ne 1 ]; }; then fail "checkov $label"; fi
}

step "checkov (every failed check fails, skips: $SKIP_ALL everywhere, $SKIP_LOCAL in local)"
[ -f "$OUT/local.yaml" ] && run_checkov local "$SKIP_ALL,$SKIP_LOCAL" --framework kubernetes -f "$OUT/local.yaml"
[ -f "$OUT/production.yaml" ] && run_checkov production "$SKIP_ALL" --framework kubernetes -f "$OUT/production.yaml"
[ -f "$OUT/all-components.yaml" ] && run_checkov all-components "$SKIP_ALL" --framework kubernetes -f "$OUT/all-components.yaml"
# Overridable to try the checks on another file.
DOCKERFILE="${DEPLOY_CHECK_DOCKERFILE:-deploy/docker/Dockerfile}"
COMPOSE_FILE="${DEPLOY_CHECK_COMPOSE_FILE:-docker-compose.yml}"
if [ -f "$DOCKERFILE" ]; then
  run_checkov dockerfile "$SKIP_ALL" --framework dockerfile -f "$DOCKERFILE"
else
  echo "  $DOCKERFILE: not present, skipped"
fi

step "hadolint"
if [ -f "$DOCKERFILE" ]; then
  if "$VENV/bin/hadolint" --no-color "$DOCKERFILE" >"$OUT/hadolint.txt" 2>&1; then
    echo "  $DOCKERFILE: no findings"
  else
    sed 's/^/    /' "$OUT/hadolint.txt"
    fail "hadolint $DOCKERFILE"
  fi
else
  echo "  $DOCKERFILE: not present, skipped"
fi

step "dclint"
if [ -f "$COMPOSE_FILE" ]; then
  if "$ROOT/node_modules/.bin/dclint" --max-warnings 0 --no-color "$COMPOSE_FILE" >"$OUT/dclint.txt" 2>&1; then
    echo "  $COMPOSE_FILE: no findings"
  else
    sed 's/^/    /' "$OUT/dclint.txt"
    fail "dclint $COMPOSE_FILE"
  fi
else
  echo "  $COMPOSE_FILE: not present, skipped"
fi

step "KafkaTopic drift (libs/contracts -> deploy/k8s/base/kafka-topics.yaml)"
if node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON deploy/k8s/generate-topics.ts --check 2>&1 | sed 's/^/  /'; then :; else fail "KafkaTopic drift"; fi

step "Prometheus rules ($("$PROMTOOL" --version 2>&1 | sed -n '1s/^promtool, version \([^ ]*\).*/promtool \1/p'))"
if "$PROMTOOL" check rules --lint=all --lint-fatal "$RULES" >"$OUT/promtool-check-rules.txt" 2>&1; then
  printf '  %s: %s\n' "$RULES" "$(sed -n 's/^ *SUCCESS: //p' "$OUT/promtool-check-rules.txt")"
else
  sed 's/^/    /' "$OUT/promtool-check-rules.txt"
  fail "promtool check rules"
fi
if "$PROMTOOL" test rules "$RULE_TESTS" >"$OUT/promtool-test-rules.txt" 2>&1; then
  printf '  %s: %s test groups, all passed\n' "$RULE_TESTS" "$(grep -c '^  - name:' "$RULE_TESTS")"
else
  sed 's/^/    /' "$OUT/promtool-test-rules.txt"
  fail "promtool test rules"
fi

step "Grafana dashboard and alert rules against the services' metrics"
if node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON deploy/observability/check-dashboard.ts --promtool "$PROMTOOL" --out "$OUT" 2>&1 | sed 's/^/  /'; then :; else fail "dashboard"; fi

step "PrometheusRule drift (deploy/observability -> deploy/k8s/components/monitoring)"
if node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON deploy/k8s/generate-prometheus-rule.ts --check 2>&1 | sed 's/^/  /'; then :; else fail "PrometheusRule drift"; fi

if [ "${#failures[@]}" -gt 0 ]; then
  printf '==> deploy: %s check(s) failed in %s s: %s (details above; renderings in %s)\n' "${#failures[@]}" "$((SECONDS - t_start))" "$(IFS=,; echo "${failures[*]}")" "${OUT#"$ROOT"/}"
  exit 1
fi
printf '==> deploy: all checks passed in %s s\n' "$((SECONDS - t_start))"
