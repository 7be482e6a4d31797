#!/usr/bin/env bash
# e2e: deploy/local/up.sh (what `./dev up` runs) starts redis, ngircd and every built service of
# deploy/local/ on loopback, prints its table with all of them ready, serves real protocol traffic,
# writes the appservice registration, and stops everything on Ctrl-C (SIGINT).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:?usage: local_up_test.sh <build dir>}"
work="$(mktemp -d)"
chmod 755 "$work"  # ngircd drops to an unprivileged user when started as root
out="$work/up.out"
up_pid=""
cleanup() {
  if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then kill -KILL -- "-$up_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- up.sh output:"; cat "$out" || true; exit 1; }

# Job control on: a background job of a non-interactive shell would otherwise ignore SIGINT, and
# it runs in its own process group, as it does under a terminal's Ctrl-C.
set -m
MXEDGE_UP_DIR="$work/state" MXEDGE_REDIS_PORT=auto \
  MXEDGE_IRC_PORT=auto bash "$ROOT/deploy/local/up.sh" "$BUILD" >"$out" 2>&1 &
up_pid=$!

deadline=$((SECONDS + 60))
until grep -q 'Ctrl-C stops everything' "$out"; do
  kill -0 "$up_pid" 2>/dev/null || fail "up.sh exited before printing its table"
  [ $SECONDS -lt $deadline ] || fail "no table within 60 s"
  sleep 0.2
done
grep -Eq '^redis .*ready \(PING: PONG\)' "$out" || fail "redis not reported ready"
grep -Eq '^ngircd .*ready \(IRC 001 welcome\)' "$out" || fail "ngircd not reported ready"
services=0
for config in "$ROOT"/deploy/local/*.yaml; do
  name="$(basename "$config" .yaml)"
  [ -x "$BUILD/services/${name%%@*}/${name%%@*}" ] || continue
  grep -Eq "^$name .*ready \(/readyz 200\)" "$out" || fail "$name not reported ready"
  services=$((services + 1))
done
if [ -x "$BUILD/services/appservice-router/appservice-router" ]; then
  reg="$work/state/appservice-registration.yaml"
  [ -f "$reg" ] || fail "no appservice registration written"
  grep -q "appservice registration for the homeserver: $reg" "$out" || fail "registration path not printed"
  as_token="$(sed -n 's/^MXEDGE_HOMESERVER_AS_TOKEN=//p' "$work/state/secrets.env")"
  grep -q "$as_token" "$reg" || fail "registration does not carry the local as_token"
  [ "$(stat -c %a "$reg")" = 600 ] || fail "registration is not mode 0600"
fi

redis_url="$(sed -n 's/^MXEDGE_REDIS_URL=\([^ ]*\).*/\1/p' "$out")"
redis_port="${redis_url##*:}"
redis_port="${redis_port%%/*}"
[ -n "$redis_port" ] || fail "no MXEDGE_REDIS_URL in the table"
[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" CONFIG GET maxmemory-policy | tail -n 1)" = noeviction ] \
  || fail "redis is not noeviction"
[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" CONFIG GET appendonly | tail -n 1)" = yes ] \
  || fail "redis has no AOF"
redis-cli -h 127.0.0.1 -p "$redis_port" SET mxedge:e2e:probe ok >/dev/null

pids="$(awk '$2 ~ /^[0-9]+$/ && NF >= 4 { print $2 }' "$out")"
[ "$(echo "$pids" | wc -w)" -eq $((2 + services)) ] || fail "expected $((2 + services)) pids in the table"

kill -INT -- "-$up_pid"
deadline=$((SECONDS + 30))
while kill -0 "$up_pid" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "up.sh still running 30 s after SIGINT"
  sleep 0.2
done
for p in $pids; do
  if kill -0 "$p" 2>/dev/null; then fail "process $p ($(cat /proc/"$p"/comm 2>/dev/null)) left behind"; fi
done
if redis-cli -h 127.0.0.1 -p "$redis_port" PING >/dev/null 2>&1; then fail "redis still answers"; fi
[ -s "$work/state/redis/appendonlydir/appendonly.aof.1.incr.aof" ] || ls -R "$work/state/redis" | grep -q aof \
  || fail "no AOF file written under the state dir"
echo "local up: redis, ngircd and $services service(s) ready, stopped cleanly on SIGINT"
