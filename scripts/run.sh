#!/usr/bin/env bash
# `make run`: a complete local stack, two session servers and the backend, all stopped together.
#   Ctrl-C or SIGTERM stops every process this script started, then it exits 0.
#   If any of them dies on its own, the others are stopped and the script exits 1.
#
# Environment (all optional):
#   PORT           the backend's port (8080)
#   SESSION_PORTS  the session servers' ports, comma-separated (8000,8001); each also uses port + 1000 internally
#   JWT_SECRET     shared by all three; a random one is made when unset
#   JAVA_OPTS      extra JVM options for all three
# Other settings (ROOMS_PER_SERVER, USERS_PER_ROOM, ...) pass through to the servers unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

# Seconds to wait for every server to listen, and for a process to stop after SIGTERM before SIGKILL.
readonly START_TIMEOUT_SECONDS=120
readonly STOP_GRACE_SECONDS=10

backend_port=${PORT:-8080}
IFS=',' read -r -a session_ports <<< "${SESSION_PORTS:-8000,8001}"

if [ ! -f dist/backend.jar ] || [ ! -f dist/session.jar ]; then
  ./build.sh
fi

if [ -z "${JWT_SECRET:-}" ]; then
  JWT_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
fi
export JWT_SECRET
# Each server gets its own port below; inherited values meant for one server would clash.
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

hosts=()
for port in "${session_ports[@]}"; do
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  start "session server on port $port" env PORT="$port" "$JAVA" ${JAVA_OPTS:-} -jar dist/session.jar
  hosts+=("localhost:$port")
done
session_server_host=$(IFS=,; echo "${hosts[*]}")
# shellcheck disable=SC2086
start "backend on port $backend_port" env PORT="$backend_port" SESSION_SERVER_HOST="$session_server_host" \
  CLIENT_DIR=client "$JAVA" ${JAVA_OPTS:-} -jar dist/backend.jar

dead_child() { # prints the name of a child that is no longer running, if any
  local i
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then echo "${names[$i]}"; return 0; fi
  done
  return 1
}

deadline=$((SECONDS + START_TIMEOUT_SECONDS))
for port in "${session_ports[@]}" "$backend_port"; do
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if name=$(dead_child); then
      echo "run: the $name exited during start; stopping the rest" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "run: nothing listens on port $port after ${START_TIMEOUT_SECONDS}s; stopping" >&2
      exit 1
    fi
    sleep 0.2
  done
done

echo
echo "Scalable Chat is running at http://localhost:$backend_port   (session servers: $session_server_host; Ctrl-C stops everything)"
echo

# Returns when a child exits (a signal runs the trap above instead).
set +e
wait -n
set -e
name=$(dead_child) || name="a server"
echo "run: the $name exited; stopping the rest" >&2
exit 1
