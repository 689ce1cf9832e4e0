#!/usr/bin/env bash
# Proves that scripts/run.sh (`make run`) leaves no process behind. It runs the backend with the local
# scheduler and MIN_SERVERS=2, so three JVMs: the backend and the two session servers it starts.
#   1. Ctrl-C: SIGINT to its whole process group, as a terminal sends it, stops everything; exit 0.
#   2. A SIGKILLed session server is replaced; a SIGKILLed backend takes its session servers with it, and
#      the script exits non-zero.
# Uses free ports, so it can run next to a real `make run`. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

readonly READY_TIMEOUT_SECONDS=180
readonly EXIT_TIMEOUT_SECONDS=60
readonly SESSION_SERVERS=2

if [ ! -f dist/backend.jar ] || [ ! -f dist/session.jar ]; then
  ./build.sh
fi

# Job control puts run.sh in its own process group (like a shell does for a foreground command), and leaves
# SIGINT at its default instead of ignored, so the script under test can trap it as it would under a terminal.
set -m

log=$(mktemp)
data_dir=$(mktemp -d)
run_pid=""
cleanup() {
  if [ -n "$run_pid" ]; then kill -KILL -- "-$run_pid" 2>/dev/null || true; fi
  rm -rf "$log" "$data_dir"
}
trap cleanup EXIT

fail() {
  echo "test-run: FAIL: $*" >&2
  echo "---- run.sh output" >&2
  cat "$log" >&2
  exit 1
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # a port that is free, and whose +1000 (a session server's internal port) is free too
  local p
  for _ in $(seq 1 200); do
    # Below Linux's ephemeral range (32768+), where the OS hands out ports to outgoing connections and to the
    # session servers the backend spawns: a port picked there can be taken between this check and the bind.
    p=$((20000 + RANDOM % 11000))
    if ! listening "$p" && ! listening $((p + 1000)); then echo "$p"; return 0; fi
  done
  return 1
}

group_members() { # pids whose process group is $1
  local stat rest
  for stat in /proc/[0-9]*/stat; do
    rest=$(cat "$stat" 2>/dev/null) || continue
    rest=${rest##*) }
    read -r _state _ppid pgrp _ <<< "$rest"
    if [ "$pgrp" = "$1" ]; then
      stat=${stat#/proc/}
      echo "${stat%/stat}"
    fi
  done
}

java_pids() { # the java processes in run.sh's process group
  local pid
  for pid in $(group_members "$run_pid"); do
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- '-jar '; then echo "$pid"; fi
  done
}

session_pids() { # the session servers among them
  local pid
  for pid in $(java_pids); do
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- 'session.jar'; then echo "$pid"; fi
  done
}

wait_for_sessions() { # until SESSION_SERVERS session servers run, none of them in $1 (pids that must be gone)
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS)) pids
  while true; do
    pids=$(session_pids)
    if [ "$(echo "$pids" | grep -c .)" = "$SESSION_SERVERS" ] && ! echo "$pids" | grep -qxF -- "${1:-none}"; then
      return 0
    fi
    kill -0 "$run_pid" 2>/dev/null || fail "run.sh exited early"
    [ "$SECONDS" -lt "$deadline" ] || fail "expected $SESSION_SERVERS session servers, found: $(echo $pids)"
    sleep 0.2
  done
}

wait_until_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until grep -q "Scalable Chat is running at http://localhost:$backend_port" "$log"; do
    kill -0 "$run_pid" 2>/dev/null || fail "run.sh exited before it was ready"
    [ "$SECONDS" -lt "$deadline" ] || fail "not ready within ${READY_TIMEOUT_SECONDS}s"
    sleep 0.5
  done
  listening "$backend_port" || fail "backend not listening on $backend_port"
  wait_for_sessions
  local javas
  javas=$(java_pids | grep -c . || true)
  [ "$javas" = $((SESSION_SERVERS + 1)) ] || fail "expected $((SESSION_SERVERS + 1)) java processes in run.sh's group, found $javas"
}

wait_for_exit() { # sets run_status
  local deadline=$((SECONDS + EXIT_TIMEOUT_SECONDS))
  while kill -0 "$run_pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "run.sh still running ${EXIT_TIMEOUT_SECONDS}s after the signal"
    sleep 0.2
  done
  set +e
  wait "$run_pid"
  run_status=$?
  set -e
}

assert_nothing_left() { # session servers may take a moment to notice that their backend is gone
  local left deadline=$((SECONDS + EXIT_TIMEOUT_SECONDS))
  while left=$(group_members "$run_pid") && [ -n "$left" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "processes left behind: $(echo "$left" | tr '\n' ' ')"
    sleep 0.2
  done
  ! listening "$backend_port" || fail "port $backend_port still listening"
}

start_run() {
  backend_port=$(free_port) || fail "no free port"
  : > "$log"
  PORT=$backend_port MIN_SERVERS=$SESSION_SERVERS ROOM_CREATES_PER_USER=1000 ROOM_CREATES_PER_ADDRESS=1000 JWT_SECRET=test-run-secret-0123456789-0123456789-abcdef DATA_DIR="$data_dir" \
    scripts/run.sh > "$log" 2>&1 < /dev/null &
  run_pid=$!
  wait_until_ready
}

echo "test-run: Ctrl-C stops every process"
start_run
kill -INT -- "-$run_pid"
wait_for_exit
[ "$run_status" = 0 ] || fail "exit status $run_status after Ctrl-C, expected 0"
assert_nothing_left
grep -q "run: stopped" "$log" || fail "no 'stopped' message"

echo "test-run: a dead session server is replaced; a dead backend takes its session servers with it"
start_run
sessions=$(session_pids)
victim=${sessions%%$'\n'*}
[ -n "$victim" ] || fail "no session server process found"
kill -KILL "$victim"
wait_for_sessions "$victim"
sessions=$(session_pids)
backend=$(java_pids | grep -vxF -- "$sessions" || true)
[ -n "$backend" ] || fail "no backend process found"
kill -KILL "$backend"
wait_for_exit
[ "$run_status" != 0 ] || fail "exit status 0 after the backend died, expected non-zero"
assert_nothing_left
grep -q "exited; stopping the rest" "$log" || fail "no message about the dead backend"
run_pid=""

echo "test-run: without JWT_SECRET, the secret is made once, kept owner-only in DATA_DIR, and a restart keeps tokens valid"
start_run_keeping_secret() {
  backend_port=$(free_port) || fail "no free port"
  : > "$log"
  PORT=$backend_port MIN_SERVERS=$SESSION_SERVERS DATA_DIR="$data_dir" scripts/run.sh > "$log" 2>&1 < /dev/null &
  run_pid=$!
  wait_until_ready
}
start_run_keeping_secret
[ "$(stat -c %a "$data_dir/jwt-secret")" = 600 ] || fail "jwt-secret is not mode 600"
token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"userId":"ana"}' "http://127.0.0.1:$backend_port/api/login" \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "no token from the first run"
kill -INT -- "-$run_pid"
wait_for_exit
start_run_keeping_secret
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$backend_port/api/rooms")
[ "$status" = 200 ] || fail "the first run's token got $status after a restart, expected 200"
kill -INT -- "-$run_pid"
wait_for_exit
run_pid=""

echo "test-run: OK"
