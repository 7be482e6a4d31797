#!/usr/bin/env bash
# Runs the mxedge suite locally as processes on loopback (no containers): redis-server, ngircd,
# then every service configured under deploy/local/ whose binary is built. Prints what runs where
# and stops everything, in reverse order, on Ctrl-C or SIGTERM (see deploy/local/README.md).
#
# usage: up.sh <build dir>          e.g. up.sh build/dev (what `./dev up` runs)
#
# Environment:
#   MXEDGE_REDIS_PORT       redis port (default 6379; if that one is taken, a free port is used);
#                           `auto` always takes a free port
#   MXEDGE_IRC_PORT         ngircd port (default 6667, same rule)
#   MXEDGE_HOMESERVER_URL   passed to services (default http://127.0.0.1:8008)
#   MXEDGE_UP_READY_TIMEOUT seconds to wait for each process to become ready (default 20)
#   MXEDGE_UP_DIR           state directory (default <repo>/.dev)
#   MXEDGE_UP_CONFIG_DIR    where the service configs are (default <repo>/deploy/local)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL="${MXEDGE_UP_CONFIG_DIR:-$ROOT/deploy/local}"
BUILD="${1:?usage: up.sh <build dir>}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
STATE="${MXEDGE_UP_DIR:-$ROOT/.dev}"
READY_TIMEOUT="${MXEDGE_UP_READY_TIMEOUT:-20}"
export MXEDGE_HOMESERVER_URL="${MXEDGE_HOMESERVER_URL:-http://127.0.0.1:8008}"

if [ -t 2 ]; then
  say() { printf '\033[1m[up]\033[0m %s\n' "$*" >&2; }
else
  say() { printf '[up] %s\n' "$*" >&2; }
fi
die() { say "error: $*"; exit 1; }

for tool in redis-server redis-cli ngircd curl setsid setpriv flock openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (./dev deps installs it)"
done
[ -d "$BUILD" ] || die "build directory $BUILD does not exist (./dev build first)"

mkdir -p "$STATE/logs" "$STATE/redis" "$STATE/ngircd"
# One `up` per state directory: a second one would share redis' data directory.
exec 9>"$STATE/up.lock"
flock -n 9 || die "another up.sh is running with state directory $STATE"

# --- processes we started: parallel arrays, in start order ------------------------------------
names=()
pids=()
ports=()
checks=()  # how to probe readiness: redis:<port> | irc:<port> | http:<admin port> | none
logs=()
stopping=0

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pick_port <env value or empty> <default> <what>: the port to use.
pick_port() {
  local wanted="$1" default="$2" what="$3"
  if [ "$wanted" = auto ]; then
    free_port
  elif [ -n "$wanted" ]; then
    port_in_use "$wanted" && die "$what port $wanted (from the environment) is already in use"
    printf '%s\n' "$wanted"
  elif port_in_use "$default"; then
    local port
    port="$(free_port)"
    say "$what: port $default is taken, using $port"
    printf '%s\n' "$port"
  else
    printf '%s\n' "$default"
  fi
}

# start <name> <ports> <check> <command...>: runs the command in its own session (Ctrl-C on the
# terminal reaches only this script, which then stops children in order) and with a parent-death
# signal, so a child never outlives this script even if it is killed hard.
# RUN_AS (optional setpriv arguments) changes the user first: a process that drops privileges
# itself would lose its parent-death signal.
RUN_AS=()
start() {
  local name="$1" port_list="$2" check="$3"
  shift 3
  local log="$STATE/logs/$name.log"
  : >"$log"
  # fd 9 (the lock) is closed for children, so a leftover child cannot hold it.
  setsid setpriv "${RUN_AS[@]}" --pdeathsig TERM -- "$@" >>"$log" 2>&1 </dev/null 9>&- &
  names+=("$name")
  pids+=("$!")
  ports+=("$port_list")
  checks+=("$check")
  logs+=("$log")
  say "started $name (pid $!), log ${log#"$ROOT"/}"
}

# probe <check>: prints the readiness and returns 0 when ready.
probe() {
  local kind="${1%%:*}" port="${1#*:}" reply code
  case "$kind" in
    redis)
      reply="$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" || true
      [ "$reply" = PONG ] && { echo "ready (PING: PONG)"; return 0; }
      echo "not ready (no PONG)"
      ;;
    irc)
      # Registers and waits for the 001 welcome, then quits.
      if reply="$(timeout 3 bash -c '
          exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
          printf "NICK upcheck%s\r\nUSER upcheck 0 * :mxedge up\r\n" "$$" >&3
          while IFS= read -r line <&3; do
            case "$line" in *" 001 "*) printf "QUIT\r\n" >&3; exit 0 ;; esac
          done
          exit 1' _ "$port" 2>/dev/null)"; then
        echo "ready (IRC 001 welcome)"
        return 0
      fi
      echo "not ready (no IRC welcome)"
      ;;
    http)
      code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/readyz")" || true
      [ "$code" = 200 ] && { echo "ready (/readyz 200)"; return 0; }
      echo "not ready (/readyz ${code:-unreachable})"
      ;;
    *)
      echo "running (no admin port configured)"
      return 0
      ;;
  esac
  return 1
}

# wait_ready <index>: polls until ready, the process exits, or the timeout passes.
wait_ready() {
  local i="$1" deadline=$((SECONDS + READY_TIMEOUT))
  while ! probe "${checks[$i]}" >/dev/null; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} exited during startup; last log lines:"
      tail -n 20 "${logs[$i]}" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "${names[$i]} not ready after ${READY_TIMEOUT}s (see ${logs[$i]#"$ROOT"/})"
      return 0
    fi
    sleep 0.2
  done
}

stop_all() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  local i pid deadline
  say "stopping (reverse start order)"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[$i]}"
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "${names[$i]} (pid $pid) ignored SIGTERM for 15s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    say "stopped ${names[$i]}"
  done
}

on_signal() {
  stop_all
  exit 0
}
trap on_signal INT TERM
trap stop_all EXIT

# yaml_ports <file>: "section.key=value" for every *port / *address / listen key, in file order.
yaml_ports() {
  awk '
    /^[A-Za-z_][A-Za-z0-9_]*:[[:space:]]*(#.*)?$/ { section = $1; sub(":", "", section); next }
    /^[A-Za-z_]/ { section = "" }
    match($0, /^[[:space:]]*[A-Za-z_]*(port|address|listen)[A-Za-z_]*:[[:space:]]*[^#[:space:]]+/) {
      line = substr($0, RSTART, RLENGTH); gsub(/[[:space:]]/, "", line)
      split(line, kv, ":"); key = kv[1]; value = substr(line, length(key) + 2)
      gsub(/["\047]/, "", value)
      print (section == "" ? key : section "." key) "=" value
    }' "$1"
}

# --- redis --------------------------------------------------------------------------------------
redis_port="$(pick_port "${MXEDGE_REDIS_PORT:-}" 6379 redis)"
cat >"$STATE/redis/redis.conf" <<CONF
# Written by deploy/local/up.sh; edits are overwritten.
bind 127.0.0.1
port $redis_port
protected-mode yes
daemonize no
dir $STATE/redis
logfile ""
appendonly yes
appendfsync everysec
save ""
maxmemory-policy noeviction
CONF
start redis "$redis_port" "redis:$redis_port" redis-server "$STATE/redis/redis.conf"
wait_ready $((${#pids[@]} - 1)) || exit 1
export MXEDGE_REDIS_URL="redis://127.0.0.1:$redis_port"

# --- ngircd -------------------------------------------------------------------------------------
irc_port="$(pick_port "${MXEDGE_IRC_PORT:-}" 6667 ngircd)"
# The irc-workers' network "local" is this ngircd.
export MXEDGE_NETWORKS_LOCAL_PORT="$irc_port"
cat >"$STATE/ngircd/ngircd.conf" <<CONF
# Written by deploy/local/up.sh; edits are overwritten.
[Global]
  Name = irc.mxedge.localhost
  Info = mxedge local IRC server
  AdminInfo1 = mxedge ./dev up
  AdminInfo2 = loopback only
  AdminEMail = admin@mxedge.localhost
  Listen = 127.0.0.1
  Ports = $irc_port
  MotdPhrase = mxedge local server
  PidFile = $STATE/ngircd/ngircd.pid

[Limits]
  # Raised for local load: unlimited connections, also per address; no command throttling.
  MaxConnections = 0
  MaxConnectionsIP = 0
  MaxJoins = 0
  MaxNickLength = 30
  MaxPenaltyTime = 0

[Options]
  DNS = no
  Ident = no
  PAM = no
CONF
# ngircd refuses to keep root; started as root, run it as nobody from the start.
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=(--reuid=nobody --regid=nogroup --clear-groups)
  chown nobody:nogroup "$STATE/ngircd"
fi
start ngircd "$irc_port" "irc:$irc_port" ngircd --nodaemon --config "$STATE/ngircd/ngircd.conf"
RUN_AS=()
wait_ready $((${#pids[@]} - 1)) || exit 1

# --- local secrets: made once per state directory, kept so a homeserver registration stays valid -
secrets="$STATE/secrets.env"
if [ ! -f "$secrets" ]; then
  (
    umask 077
    {
      printf 'MXEDGE_HOMESERVER_AS_TOKEN=%s\n' "$(openssl rand -hex 32)"
      printf 'MXEDGE_HOMESERVER_HS_TOKEN=%s\n' "$(openssl rand -hex 32)"
      printf 'MXEDGE_GRPC_INTERNAL_TOKEN=%s\n' "$(openssl rand -hex 32)"
      printf 'MXEDGE_MEDIA_SIGNING_KEY=%s\n' "$(openssl rand -hex 32)"
    } >"$secrets"
  )
fi
# A value already in the environment wins over the stored one.
while IFS='=' read -r key value; do
  [ -n "$key" ] && [ -z "${!key:-}" ] && export "$key=$value"
done <"$secrets"

# micropub seals users' tokens in Redis with this key (32 bytes, base64); kept per state directory
# so the tokens stored by an earlier run still open.
if [ -z "${MXEDGE_REDIS_ENCRYPTION_KEY:-}" ]; then
  MXEDGE_REDIS_ENCRYPTION_KEY="$(openssl rand -base64 32)"
  (umask 077; printf 'MXEDGE_REDIS_ENCRYPTION_KEY=%s\n' "$MXEDGE_REDIS_ENCRYPTION_KEY" >>"$secrets")
  export MXEDGE_REDIS_ENCRYPTION_KEY
fi

# coap-gateway DTLS credentials, kept per state directory like the secrets: a PSK line for local
# clients (identity "local") and a self-signed EC P-256 certificate.
# The key is printable text (what `mxedge-coap --psk local:<key>` and coap-client -k take),
# stored base64-encoded in the gateway's PSK format.
if [ -z "${MXEDGE_DTLS_PSKS:-}" ]; then
  MXEDGE_DTLS_PSKS="local:base64:$(openssl rand -hex 16 | tr -d '\n' | base64 -w0)"
  (umask 077; printf 'MXEDGE_DTLS_PSKS=%s\n' "$MXEDGE_DTLS_PSKS" >>"$secrets")
  export MXEDGE_DTLS_PSKS
fi
coap_dtls="$STATE/coap-dtls"
if [ ! -f "$coap_dtls/server.crt" ]; then
  mkdir -p "$coap_dtls"
  (umask 077; openssl ecparam -name prime256v1 -genkey -noout -out "$coap_dtls/server.key")
  # No X.509v3 extensions: 92 bytes less in every new DTLS handshake than openssl's defaults.
  printf '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = localhost\n' >"$coap_dtls/req.cnf"
  openssl req -new -x509 -key "$coap_dtls/server.key" -out "$coap_dtls/server.crt" -days 825 \
    -config "$coap_dtls/req.cnf" 2>/dev/null || die "openssl could not make the coap-gateway certificate"
fi
export MXEDGE_DTLS_CERT_FILE="$coap_dtls/server.crt" MXEDGE_DTLS_KEY_FILE="$coap_dtls/server.key"

# The homeserver needs the router's registration: write it for the local run.
registration=""
router_bin="$BUILD/services/appservice-router/appservice-router"
if [ -x "$router_bin" ] && [ -f "$LOCAL/appservice-router.yaml" ]; then
  registration="$STATE/appservice-registration.yaml"
  "$router_bin" generate-registration --config "$LOCAL/appservice-router.yaml" \
    --output "$registration" >"$STATE/logs/generate-registration.log" 2>&1 \
    || die "generate-registration failed: $(tail -n 3 "$STATE/logs/generate-registration.log")"
fi

# --- services: deploy/local/<service>.yaml or <service>@<instance>.yaml -------------------------
shopt -s nullglob
for config in "$LOCAL"/*.yaml; do
  name="$(basename "$config" .yaml)"
  service="${name%%@*}"
  binary="$BUILD/services/$service/$service"
  if [ ! -x "$binary" ]; then
    say "skipping $name: $binary is not built"
    continue
  fi
  mapfile -t port_keys < <(yaml_ports "$config")
  admin_port=""
  for kv in "${port_keys[@]}"; do
    [ "${kv%%=*}" = admin.port ] && admin_port="${kv#*=}"
  done
  check=none
  [ -n "$admin_port" ] && check="http:$admin_port"
  start "$name" "$(IFS=,; echo "${port_keys[*]}")" "$check" "$binary" --config "$config"
  wait_ready $((${#pids[@]} - 1)) || exit 1
done

# --- what runs where ----------------------------------------------------------------------------
{
  printf '\n%-22s %-8s %-44s %s\n' NAME PID PORTS READINESS
  for i in "${!names[@]}"; do
    printf '%-22s %-8s %-44s %s\n' "${names[$i]}" "${pids[$i]}" "${ports[$i]}" \
      "$(probe "${checks[$i]}" || true)"
  done
  printf '\nMXEDGE_REDIS_URL=%s  MXEDGE_HOMESERVER_URL=%s\n' "$MXEDGE_REDIS_URL" \
    "$MXEDGE_HOMESERVER_URL"
  if [ -n "$registration" ]; then
    printf 'appservice registration for the homeserver: %s\n' "$registration"
  fi
  if [[ " ${names[*]} " == *" coap-gateway "* ]]; then
    psk_key=""
    case "$MXEDGE_DTLS_PSKS" in
      local:base64:*) psk_key="$(printf '%s' "${MXEDGE_DTLS_PSKS#local:base64:}" | base64 -d)" ;;
    esac
    printf 'coap-gateway: mxedge-coap --psk local:%s coaps://127.0.0.1:5684/_matrix/client/versions\n' \
      "${psk_key:-<see MXEDGE_DTLS_PSKS>}"
  fi
  printf 'logs: %s/logs   Ctrl-C stops everything\n' "${STATE#"$ROOT"/}"
} >&2

# Runs until a signal (handled by on_signal) or until a process exits on its own.
while true; do
  set +e
  wait -n "${pids[@]}"
  set -e
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} (pid ${pids[$i]}) exited on its own; last log lines:"
      tail -n 20 "${logs[$i]}" >&2
      stop_all
      exit 1
    fi
  done
done
