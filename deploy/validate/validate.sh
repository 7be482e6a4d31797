#!/usr/bin/env bash
# Offline validation of everything under deploy/ (no Docker engine, no cluster needed):
#   - deploy/docker-compose.yml            docker-compose 1.29 `config -q`, with and without profiles
#   - deploy/docker/*Dockerfile            required instructions (non-root USER, HEALTHCHECK, ...)
#   - deploy/k8s/{base,overlays/*}         rendered with `kubectl kustomize`, then
#                                          validate.mjs (schemas) and k8s_strict.py (unknown fields)
#   - shell scripts of deploy/             bash -n, and shellcheck when installed
# then the self-test: every deliberately broken file of testdata/ must be rejected by its checker
# for the expected reason, and the valid files of testdata/accept/ must pass.
#
# usage: validate.sh              validate, then self-test
#        validate.sh --self-test  self-test only
# Prints one OK / FAIL (or SKIP) line per file and exits non-zero if anything failed.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DEPLOY="$ROOT/deploy"
# Debian's interpreter: it sees python3-kubernetes, a python3 earlier on PATH may not.
PYTHON=/usr/bin/python3

failures=0
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mxedge-validate.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

ok() { printf 'OK   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'SKIP %s\n' "$*"; }
rel() { printf '%s' "${1#"$ROOT"/}"; }

# Runs a command quietly; on failure prints its output indented.
run_quiet() {
  local out
  if out="$("$@" 2>&1)"; then
    return 0
  fi
  printf '%s\n' "$out" | sed 's/^/     /'
  return 1
}

need() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      fail "tool $tool not found (./dev deps installs it)"
      return 1
    fi
  done
}

# node_modules is installed from the committed lockfile, again only when the lockfile changed.
ensure_node_modules() {
  local stamp="$HERE/node_modules/.mxedge-lock.sha256" want
  want="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "     npm ci (node_modules missing or older than package-lock.json)"
  if ! run_quiet npm ci --prefix "$HERE" --no-audit --no-fund --prefer-offline; then
    fail "npm ci in $(rel "$HERE")"
    return 1
  fi
  printf '%s\n' "$want" >"$stamp"
}

check_compose() {
  need docker-compose || return
  local file="$DEPLOY/docker-compose.yml" profile
  for profile in "" test; do
    local args=(-f "$file")
    [ -n "$profile" ] && args+=(--profile "$profile")
    if run_quiet env -u DOCKER_HOST docker-compose "${args[@]}" config -q; then
      ok "$(rel "$file") (compose${profile:+, profile $profile})"
    else
      fail "$(rel "$file") (compose${profile:+, profile $profile})"
    fi
  done
}

# The instructions every image recipe of the suite must carry.
check_dockerfiles() {
  local file missing pattern
  for file in "$DEPLOY"/docker/Dockerfile "$DEPLOY"/docker/*.Dockerfile; do
    [ -f "$file" ] || continue
    missing=()
    for pattern in '^FROM ' '^USER [^r0]' '^HEALTHCHECK ' '^EXPOSE ' '^ENTRYPOINT \['; do
      grep -Eq "$pattern" "$file" || missing+=("$pattern")
    done
    if [ "$(basename "$file")" = Dockerfile ]; then
      grep -Eq '^ARG SERVICE$' "$file" || missing+=('ARG SERVICE')
      [ "$(grep -Ec '^FROM ' "$file")" -ge 2 ] || missing+=('two stages')
    fi
    if [ ${#missing[@]} -eq 0 ]; then
      ok "$(rel "$file") (dockerfile)"
    else
      fail "$(rel "$file") (dockerfile): missing ${missing[*]}"
    fi
  done
}

check_scripts() {
  local file
  while IFS= read -r file; do
    if ! run_quiet bash -n "$file"; then
      fail "$(rel "$file") (bash -n)"
    elif ! command -v shellcheck >/dev/null 2>&1; then
      ok "$(rel "$file") (bash -n; shellcheck not installed)"
    elif run_quiet shellcheck -x -S warning "$file"; then
      ok "$(rel "$file") (bash -n, shellcheck)"
    else
      fail "$(rel "$file") (shellcheck)"
    fi
  done < <(find "$DEPLOY" -name '*.sh' -not -path '*/node_modules/*' | sort)
}

check_k8s() {
  need kubectl node npm || return
  [ -x "$PYTHON" ] || { fail "$PYTHON not found"; return; }
  local dir name rendered=()
  for dir in "$DEPLOY"/k8s/base "$DEPLOY"/k8s/overlays/*/; do
    dir="${dir%/}"
    name="$(rel "$dir" | tr '/' '_')"
    if run_quiet kubectl kustomize "$dir" -o "$WORK/$name.yaml"; then
      ok "$(rel "$dir") (kustomize)"
      rendered+=("$WORK/$name.yaml")
    else
      fail "$(rel "$dir") (kustomize)"
    fi
  done
  [ ${#rendered[@]} -gt 0 ] || return
  ensure_node_modules || return
  # The checkers print their own per-document and per-file lines.
  (cd "$WORK" && node "$HERE/validate.mjs" "${rendered[@]##*/}") || failures=$((failures + 1))
  (cd "$WORK" && "$PYTHON" "$HERE/k8s_strict.py" "${rendered[@]##*/}") ||
    failures=$((failures + 1))
}

# Requires `checker file` to exit non-zero and to mention the file's `# expect:` text.
expect_rejected() {
  local file="$1" spec="$2"
  shift 2
  local expect out
  expect="$(sed -n '1s/^# expect: //p' "$spec")"
  if [ -z "$expect" ]; then
    fail "$(rel "$file") (self-test): no '# expect:' line in $(rel "$spec")"
    return
  fi
  if out="$("$@" 2>&1)"; then
    fail "$(rel "$file") (self-test): accepted, expected rejection: $expect"
  elif ! grep -qF -- "$expect" <<<"$out"; then
    fail "$(rel "$file") (self-test): rejected, but not with: $expect"
    printf '%s\n' "$out" | sed 's/^/     /'
  else
    ok "$(rel "$file") rejected (self-test)"
  fi
}

# Requires every checker given to accept a valid file (positive control), printing `expect` when
# the output must also contain it.
expect_accepted() {
  local file="$1" expect="$2"
  shift 2
  local out
  if ! out="$("$@" 2>&1)"; then
    fail "$(rel "$file") (self-test): valid file rejected by ${1##*/} ${2##*/}"
    printf '%s\n' "$out" | sed 's/^/     /'
  elif [ -n "$expect" ] && ! grep -qF -- "$expect" <<<"$out"; then
    fail "$(rel "$file") (self-test): accepted, but without: $expect"
  else
    ok "$(rel "$file") accepted by ${2##*/}${expect:+ with \"$expect\"} (self-test)"
  fi
}

self_test() {
  local data="$HERE/testdata" file dir count=0
  for file in "$data"/compose/*.yml; do
    expect_rejected "$file" "$file" env -u DOCKER_HOST docker-compose -f "$file" config -q
    count=$((count + 1))
  done
  ensure_node_modules || return
  for file in "$data"/schema/*.yaml; do
    expect_rejected "$file" "$file" node "$HERE/validate.mjs" "$file"
    count=$((count + 1))
  done
  for file in "$data"/strict/*.yaml; do
    expect_rejected "$file" "$file" "$PYTHON" "$HERE/k8s_strict.py" "$file"
    count=$((count + 1))
  done
  for file in "$data"/accept/*.yaml; do
    expect_accepted "$file" "" node "$HERE/validate.mjs" "$file"
    expect_accepted "$file" "" "$PYTHON" "$HERE/k8s_strict.py" "$file"
  done
  expect_accepted "$data/accept/hpa-autoscaling-v2.yaml" "SKIP HorizontalPodAutoscaler" \
    "$PYTHON" "$HERE/k8s_strict.py" "$data/accept/hpa-autoscaling-v2.yaml"
  for dir in "$data"/kustomize/*/; do
    dir="${dir%/}"
    expect_rejected "$dir" "$dir/kustomization.yaml" kubectl kustomize "$dir"
    count=$((count + 1))
  done
  if [ "$count" -lt 4 ]; then
    fail "self-test: only $count broken files found under $(rel "$data")"
  fi
}

case "${1:-}" in
  --self-test)
    echo "== self-test: checkers reject broken files, accept valid ones"
    self_test
    ;;
  "")
    echo "== compose"
    check_compose
    echo "== dockerfiles"
    check_dockerfiles
    echo "== shell scripts"
    check_scripts
    echo "== kubernetes"
    check_k8s
    echo "== self-test: checkers reject broken files, accept valid ones"
    self_test
    ;;
  *)
    echo "usage: $0 [--self-test]" >&2
    exit 2
    ;;
esac

if [ "$failures" -gt 0 ]; then
  echo "deploy validation: $failures failure(s)"
  exit 1
fi
echo "deploy validation: all OK"
