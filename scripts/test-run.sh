#!/usr/bin/env bash
# Proves that scripts/run.sh (`make run`) leaves no process behind:
#   1. Ctrl-C: SIGINT to its whole process group, as a terminal sends it, stops everything; exit 0.
#   2. A crash: when one session server is SIGKILLed, the script stops the rest and exits non-zero.
# Uses free ports, so it can run next to a real `make run`. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

readonly READY_TIMEOUT_SECONDS=180
readonly EXIT_TIMEOUT_SECONDS=60

if [ ! -f dist/backend.jar ] || [ ! -f dist/session.jar ]; then
  ./build.sh
fi

# Job control puts run.sh in its own process group (like a shell does for a foreground command), and leaves
# SIGINT at its default instead of ignored, so the script under test can trap it as it would under a terminal.
set -m

log=$(mktemp)
run_pid=""
cleanup() {
  if [ -n "$run_pid" ]; then kill -KILL -- "-$run_pid" 2>/dev/null || true; fi
  rm -f "$log"
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
    p=$((20000 + RANDOM % 30000))
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

wait_until_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until grep -q "Scalable Chat is running at http://localhost:$backend_port" "$log"; do
    kill -0 "$run_pid" 2>/dev/null || fail "run.sh exited before it was ready"
    [ "$SECONDS" -lt "$deadline" ] || fail "not ready within ${READY_TIMEOUT_SECONDS}s"
    sleep 0.5
  done
  listening "$backend_port" || fail "backend not listening on $backend_port"
  listening "$s1" || fail "session server not listening on $s1"
  listening "$s2" || fail "session server not listening on $s2"
  local javas
  javas=$(for pid in $(group_members "$run_pid"); do tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null; echo; done | grep -c -- '-jar dist/' || true)
  [ "$javas" = 3 ] || fail "expected 3 java processes in run.sh's group, found $javas"
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

assert_nothing_left() {
  local left
  left=$(group_members "$run_pid")
  [ -z "$left" ] || fail "processes left behind: $(echo "$left" | tr '\n' ' ')"
  for port in "$backend_port" "$s1" "$s2" $((s1 + 1000)) $((s2 + 1000)); do
    ! listening "$port" || fail "port $port still listening"
  done
}

start_run() {
  backend_port=$(free_port) && s1=$(free_port) && s2=$(free_port) || fail "no free ports"
  : > "$log"
  PORT=$backend_port SESSION_PORTS=$s1,$s2 JWT_SECRET=test-run-secret scripts/run.sh > "$log" 2>&1 < /dev/null &
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

echo "test-run: a dead session server stops the rest"
start_run
victim=""
for pid in $(group_members "$run_pid"); do
  if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- '-jar dist/session.jar'; then victim=$pid; break; fi
done
[ -n "$victim" ] || fail "no session server process found"
kill -KILL "$victim"
wait_for_exit
[ "$run_status" != 0 ] || fail "exit status 0 after a server died, expected non-zero"
assert_nothing_left
grep -q "exited; stopping the rest" "$log" || fail "no message about the dead server"
run_pid=""

echo "test-run: OK"
