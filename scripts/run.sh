#!/usr/bin/env bash
# `make run`: a complete local stack. The backend runs with the local elastic scheduler, which starts
# session servers as its own child processes (MIN_SERVERS at first, more as rooms need them, on free ports).
#   Ctrl-C or SIGTERM stops the backend, and with it every session server; then the script exits 0.
#   If the backend dies on its own, its session servers follow it and the script exits 1.
#
# Environment (all optional):
#   PORT           the backend's port (8080)
#   JWT_SECRET     shared by the backend and its session servers; when unset, a random one is made once and
#                  kept in DATA_DIR/jwt-secret (mode 600), so restarts keep everyone logged in
#   DATA_DIR       room history and that secret (./data)
#   JAVA_OPTS      extra JVM options for the backend (SESSION_JAVA_OPTS for the session servers)
# Other settings (MIN_SERVERS, MAX_SERVERS, ROOMS_PER_SERVER, USERS_PER_ROOM, ...) pass through unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

# Seconds to wait for the backend to listen, and for it to stop after SIGTERM before SIGKILL (its session
# servers stop with it: it stops them, or, if it is killed, they notice that their parent is gone).
readonly START_TIMEOUT_SECONDS=120
readonly STOP_GRACE_SECONDS=10

backend_port=${PORT:-8080}

if [ ! -f dist/backend.jar ] || [ ! -f dist/session.jar ]; then
  ./build.sh
fi

# Without JWT_SECRET, a random one is made once and kept in DATA_DIR, readable by its owner only: a restart
# must not log everyone out (rooms and history survive it too).
if [ -z "${JWT_SECRET:-}" ]; then
  secret_file="${DATA_DIR:-data}/jwt-secret"
  if [ ! -s "$secret_file" ]; then
    mkdir -p "$(dirname "$secret_file")"
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$secret_file.new" && mv "$secret_file.new" "$secret_file")
  fi
  chmod 600 "$secret_file"
  JWT_SECRET=$(cat "$secret_file")
  if [ "${#JWT_SECRET}" -lt 64 ]; then
    echo "run: $secret_file holds no usable secret (64 hex characters expected); delete it to make a new one" >&2
    exit 2
  fi
fi
export JWT_SECRET
# The backend gives each session server its own ports; inherited values meant for one server would clash.
unset INTERNAL_PORT PUBLIC_HOST

pids=()
names=()
stopped=0

stop_all() {
  [ "$stopped" = 1 ] && return
  stopped=1
  trap '' INT TERM # a second Ctrl-C must not cut the cleanup short
  local pid deadline=$((SECONDS + STOP_GRACE_SECONDS))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    # bash reaps its children as they exit, so kill -0 fails as soon as one is gone
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "run: process $pid did not stop within ${STOP_GRACE_SECONDS}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  done
  wait 2>/dev/null || true
}

trap 'echo; echo "run: stopping..."; stop_all; echo "run: stopped"; exit 0' INT TERM
trap stop_all EXIT

start() { # name, then the command
  local name=$1
  shift
  "$@" &
  pids+=("$!")
  names+=("$name")
}

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
start "backend on port $backend_port" env PORT="$backend_port" \
  SESSION_JAR="${SESSION_JAR:-dist/session.jar}" CLIENT_DIR="${CLIENT_DIR:-client}" \
  "$JAVA" ${JAVA_OPTS:-} -jar dist/backend.jar

dead_child() { # prints the name of a child that is no longer running, if any
  local i
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then echo "${names[$i]}"; return 0; fi
  done
  return 1
}

deadline=$((SECONDS + START_TIMEOUT_SECONDS))
until (exec 3<>"/dev/tcp/127.0.0.1/$backend_port") 2>/dev/null; do
  if name=$(dead_child); then
    echo "run: the $name exited during start; stopping" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "run: nothing listens on port $backend_port after ${START_TIMEOUT_SECONDS}s; stopping" >&2
    exit 1
  fi
  sleep 0.2
done

echo
echo "Scalable Chat is running at http://localhost:$backend_port   (session servers start on demand; Ctrl-C stops everything)"
echo

# Returns when a child exits (a signal runs the trap above instead).
set +e
wait -n
set -e
name=$(dead_child) || name="backend"
echo "run: the $name exited; stopping the rest" >&2
exit 1
