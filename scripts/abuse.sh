#!/usr/bin/env bash
# `make abuse`: the attack suite (loadtest/.../abuse/AbuseSuite.java) against a fresh `make run` stack with its
# default settings, on a free port and a temporary DATA_DIR. Prints the table (attack, expected, observed, pass)
# and keeps it in dist/abuse/<date>.md. Exit status 0 only when every attack failed.
#   QUICK=1 make abuse    only the attacks that take seconds (the form `make test` runs, as AbuseSuiteTest)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

readonly READY_TIMEOUT_SECONDS=120

if [ ! -f dist/backend.jar ] || [ ! -f dist/session.jar ] || [ ! -f dist/loadtest.jar ]; then
  ./build.sh
fi

port=""
for _ in $(seq 1 200); do # below the ephemeral range, with PORT + 1000 free too (see test-run.sh)
  p=$((20000 + RANDOM % 11000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 1000))") 2>/dev/null; then
    port=$p
    break
  fi
done
[ -n "$port" ] || { echo "abuse: no free port" >&2; exit 1; }

data_dir=$(mktemp -d)
log="$data_dir/run.log"
set -m # run.sh in its own process group, so that stopping it stops its session servers too
PORT=$port DATA_DIR="$data_dir/data" scripts/run.sh > "$log" 2>&1 < /dev/null &
run_pid=$!
set +m
cleanup() {
  kill -INT -- "-$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until curl -sf "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; do
  if ! kill -0 "$run_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "abuse: the stack did not start; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done

mkdir -p dist/abuse
out="dist/abuse/$(date +%Y%m%d-%H%M%S).md"
"$JAVA" -cp dist/loadtest.jar scalablechat.loadtest.abuse.AbuseMain --backend "http://127.0.0.1:$port" \
  ${QUICK:+--quick} --out "$out"
