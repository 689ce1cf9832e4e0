#!/usr/bin/env bash
# `make bench`: the standard benchmarks. For every scenario and run it starts a fresh local stack (one session
# server and the backend, with the benchmark settings below), runs the load tool (or wrk) against it, stops every
# process it started, and at the end prints the median, min and max of every figure (Markdown, for BENCHMARKS.md).
# The vs-* scenarios run the original (Node) servers side by side: for each run, ours and then the original, with
# the same tool and arguments, each on fresh processes; they end with one table of original, ours, ratio, target
# and verdict (SideBySide). Their workloads fit the original's limit of 100 messages a room.
#
# Environment (all optional):
#   RUNS                runs of each scenario (3); every figure is the median over the runs
#   SCENARIOS           which scenarios, space-separated (all of: vs-paced vs-burst vs-burst-warm vs-ramp vs-idle-2k vs-idle-10k
#                       vs-login vs-lookup vs-profile burst-v2 burst-v2-warm burst-original paced-v2 paced-original
#                       paced-v2-fsync-never ramp-v2 ramp-v2-2servers idle-2k idle-10k churn-v2 startup backend-login backend-lookup)
#   BENCH_BACKEND_PORT  the backend's port (23080)
#   BENCH_SESSION_PORT  the session server's port (23000; a second one gets 23001); internal ports are + 1000
#   PIN                 1 to pin the servers to CPU 1 and the load tool / wrk to CPU 0 with taskset (0)
#   BENCH_JAVA_OPTS     extra JVM options for the servers
#   BENCH_SESSION_JVM_OPTS  instead of the session servers' shipped options (SESSION_JVM_OPTS), for an A/B of
#                       those options themselves; empty means the JVM's own defaults
#   LOADTEST_JAVA_OPTS  extra JVM options for the load tool
#   WRK_SECONDS         length of each wrk run (10)
#   WRK_WARMUP_SECONDS  an unmeasured wrk run of this length first, against either backend, before each measured one
#                       (5, as issue 12's backend figures were taken; 0 measures a cold backend)
#   ORIGINAL_DIR        the original servers for vs-* (../shared/original): copied to dist/original and installed
#                       there with npm once (node and npm are needed; the npm registry must be reachable that once)
#   PROFILE_SECONDS     vs-profile: how long perf counts each server's CPU and system calls in mid-run (5, at most 6)
#   PROFILE_RECORD      vs-profile: 1 to also sample the server's stacks (perf record) in that window; <name>.report
#                       then splits its CPU by thread and by kernel, JIT-compiled code, interpreter and the runtime
# vs-profile is not in the default set: it needs perf (Debian: linux-perf) and root or perf_event_paranoid <= 1.
# Output goes to dist/bench/<date>/: each run's table, the servers' logs and results.jsonl (one JSON line a run).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

readonly RUNS=${RUNS:-3}
readonly VS_SCENARIOS="vs-paced vs-burst vs-burst-warm vs-ramp vs-idle-2k vs-idle-10k vs-login vs-lookup"
readonly ALL_SCENARIOS="$VS_SCENARIOS vs-profile burst-v2 burst-v2-warm burst-original paced-v2 paced-original paced-v2-fsync-never ramp-v2 ramp-v2-2servers idle-2k idle-10k churn-v2 startup backend-login backend-lookup"
readonly ORIGINAL_DIR=${ORIGINAL_DIR:-../shared/original}
readonly SCENARIOS=${SCENARIOS:-${ALL_SCENARIOS/ vs-profile/}}
readonly BACKEND_PORT=${BENCH_BACKEND_PORT:-23080}
readonly SESSION_PORT=${BENCH_SESSION_PORT:-23000}
readonly INTERNAL_PORT=$((SESSION_PORT + 1000))
readonly PIN=${PIN:-0}
readonly WRK_SECONDS=${WRK_SECONDS:-10}
readonly WRK_WARMUP_SECONDS=${WRK_WARMUP_SECONDS:-5}
readonly PROFILE_SECONDS=${PROFILE_SECONDS:-5}
readonly PROFILE_RECORD=${PROFILE_RECORD:-0}
readonly WRK_CONNECTIONS=50
readonly WRK_THREADS=2
# Seconds to wait for a server to listen, and for a process to exit after SIGTERM before SIGKILL.
readonly START_TIMEOUT_SECONDS=60
readonly STOP_GRACE_SECONDS=15

# The session server's settings for benchmarks: room and connection limits that fit the biggest scenario
# (idle-10k: 100 rooms x 100 users from one IP), and a send rate limit no scenario reaches, so that the figures
# measure delivery, not the limiters (the user's and the room's). Durability stays at its default (FSYNC=always) except where named.
readonly SESSION_BENCH_ENV=(
  ROOMS_PER_SERVER=1000
  USERS_PER_ROOM=100
  MAX_CONNECTIONS_PER_IP=20000
  MAX_PENDING_HANDSHAKES_PER_IP=500
  SEND_RATE_PER_SECOND=100000
  SEND_RATE_BURST=100000
  ROOM_SEND_RATE_PER_SECOND=10000000
  ROOM_SEND_BURST=10000000
)

for scenario in $SCENARIOS; do
  case " $ALL_SCENARIOS " in
    *" $scenario "*) ;;
    *) echo "bench: unknown scenario $scenario (known: $ALL_SCENARIOS)" >&2; exit 2 ;;
  esac
done

if [ ! -f dist/backend.jar ] || [ ! -f dist/session.jar ] || [ ! -f dist/loadtest.jar ]; then
  ./build.sh
fi
out="dist/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/logs"
results="$out/results.jsonl"
: > "$results"

tool_cpu=() server_cpu=()
if [ "$PIN" = 1 ]; then
  tool_cpu=(taskset -c 0)
  server_cpu=(taskset -c 1)
fi

pids=()
stop_stack() {
  local pid deadline=$((SECONDS + STOP_GRACE_SECONDS))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "bench: process $pid did not stop within ${STOP_GRACE_SECONDS}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  done
  wait 2>/dev/null || true
  pids=()
}
trap stop_stack EXIT
trap 'echo "bench: interrupted; stopping the stack" >&2; stop_stack; exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

await_port() { # port, pid of the process that should open it
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "bench: the server for port $1 exited during start; see $out/logs" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "bench: nothing listens on port $1 after ${START_TIMEOUT_SECONDS}s" >&2
      return 1
    fi
    sleep 0.05
  done
}

start_stack() { # name, number of session servers, then extra NAME=VALUE settings for the session servers
  local name=$1 count=$2
  shift 2
  local port i ports=() hosts=()
  for ((i = 0; i < count; i++)); do ports+=($((SESSION_PORT + i))); done
  for port in "$BACKEND_PORT" "${ports[@]}" $(for p in "${ports[@]}"; do echo $((p + 1000)); done); do
    if ! port_free "$port"; then
      echo "bench: port $port is in use; stop what uses it or set BENCH_BACKEND_PORT / BENCH_SESSION_PORT" >&2
      exit 1
    fi
  done
  local secret data
  secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  for port in "${ports[@]}"; do
    data="$out/data/$name-$port"
    rm -rf "$data"
    mkdir -p "$data"
    # shellcheck disable=SC2046,SC2086 # the archive's options and BENCH_JAVA_OPTS are lists of options
    env "${SESSION_BENCH_ENV[@]}" "$@" PORT="$port" INTERNAL_PORT="$((port + 1000))" PUBLIC_HOST="localhost:$port" \
      JWT_SECRET="$secret" DATA_DIR="$data" \
      "${server_cpu[@]}" "$JAVA" ${BENCH_SESSION_JVM_OPTS-$SESSION_JVM_OPTS} $(session_archive_opts dist/session.jar) ${BENCH_JAVA_OPTS:-} -jar dist/session.jar >"$out/logs/$name-session-$port.log" 2>&1 &
    pids+=("$!")
    hosts+=("localhost:$port")
  done
  # the internal port opens after the WebSocket port; the backend asks it about every room
  for i in "${!ports[@]}"; do
    await_port "${ports[$i]}" "${pids[$i]}" || return 1
    await_port "$((ports[$i] + 1000))" "${pids[$i]}" || return 1
  done
  # shellcheck disable=SC2086
  # A cold session server next to a busy neighbour can take more than the default 2 s to answer its first calls.
  env PORT="$BACKEND_PORT" SESSION_SERVER_TIMEOUT_MS=10000 ROOM_CREATES_PER_USER=1000000 ROOM_CREATES_PER_ADDRESS=1000000 SESSION_SERVER_HOST="$(IFS=,; echo "${hosts[*]}")" JWT_SECRET="$secret" CLIENT_DIR=client \
    "${server_cpu[@]}" "$JAVA" ${BENCH_JAVA_OPTS:-} -jar dist/backend.jar >"$out/logs/$name-backend.log" 2>&1 &
  pids+=("$!")
  await_port "$BACKEND_PORT" "${pids[-1]}" || return 1
}

# The original servers, installed once in dist/original (a copy, since ORIGINAL_DIR may be read-only).
ensure_original() {
  local copy=dist/original
  if [ -f "$copy/.installed" ] && [ "$(cat "$copy/.installed")" = "$(cd "$ORIGINAL_DIR" && pwd)" ]; then
    return 0
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "bench: the vs-* scenarios need node and npm (Debian: apt-get install -y nodejs npm)" >&2
    return 1
  fi
  if [ ! -d "$ORIGINAL_DIR/session-server" ] || [ ! -d "$ORIGINAL_DIR/backend-server" ]; then
    echo "bench: ORIGINAL_DIR=$ORIGINAL_DIR has no session-server/ and backend-server/" >&2
    return 1
  fi
  echo "bench: installing the original servers from $ORIGINAL_DIR into $copy (npm install, once)"
  rm -rf "$copy"
  mkdir -p "$copy"
  cp -r "$ORIGINAL_DIR"/. "$copy"/
  local dir
  for dir in session-server backend-server; do
    # npm ci when the checkout has a lockfile, else npm install (the shared copy has none)
    if [ -f "$copy/$dir/package-lock.json" ]; then
      (cd "$copy/$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    else
      (cd "$copy/$dir" && npm install --no-audit --no-fund --loglevel=error) || return 1
    fi
  done
  (cd "$ORIGINAL_DIR" && pwd) > "$copy/.installed"
}

# The original session server and backend, each one node process (so its pid is the server's), on the bench ports.
start_original() { # name
  local name=$1 secret
  for port in "$BACKEND_PORT" "$SESSION_PORT"; do
    if ! port_free "$port"; then
      echo "bench: port $port is in use; stop what uses it or set BENCH_BACKEND_PORT / BENCH_SESSION_PORT" >&2
      exit 1
    fi
  done
  secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  (cd dist/original/session-server && exec env PORT="$SESSION_PORT" JWT_SECRET="$secret" \
    "${server_cpu[@]}" node --import tsx src/server.ts) >"$out/logs/$name-original-session.log" 2>&1 &
  pids+=("$!")
  await_port "$SESSION_PORT" "${pids[-1]}" || return 1
  (cd dist/original/backend-server && exec env PORT="$BACKEND_PORT" JWT_SECRET="$secret" \
    SESSION_SERVER_HOST="localhost:$SESSION_PORT" "${server_cpu[@]}" node --import tsx src/server.ts) \
    >"$out/logs/$name-original-backend.log" 2>&1 &
  pids+=("$!")
  await_port "$BACKEND_PORT" "${pids[-1]}" || return 1
}

run_tool() { # name, then the tool's arguments
  local name=$1
  shift
  local text="$out/$name.txt"
  # shellcheck disable=SC2086 # LOADTEST_JAVA_OPTS is a list of options
  if "${tool_cpu[@]}" "$JAVA" ${LOADTEST_JAVA_OPTS:-} -jar dist/loadtest.jar "$@" --label "$label" | tee "$text"; then
    tail -n 1 "$text" >> "$results"
  else
    echo "bench: $name failed (see above); its figures are left out" >&2
  fi
}

ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  echo "bench: wrk is missing; installing it from Debian (apt-get install -y wrk)"
  if ! { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; }; }; then
    echo "bench: could not install wrk; skipping the backend figures" >&2
    return 1
  fi
}

# wrk's report as one JSON line: requests/s, latency percentiles in ms, failures.
wrk_json() { # label, wrk output file
  awk -v label="$1" '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /requests in/ { requests = $1 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); socket = $4 + $6 + $8 + $10 }
    /^Requests\/sec:/ { rps = $2 }
    END {
      printf "{\"scenario\":\"backend\",\"label\":\"%s\",\"connections\":%d,\"requests\":%d,\"requestsPerSecond\":%s,", label, '"$WRK_CONNECTIONS"', requests, rps
      printf "\"p50Ms\":%s,\"p90Ms\":%s,\"p99Ms\":%s,\"non2xx\":%d,\"socketErrors\":%d}\n", p50 + 0, p90 + 0, p99 + 0, non2xx, socket
    }' "$2"
}

run_wrk() { # name, lua script (USER_TOKEN and ROOM_ID reach it through the environment)
  local text="$out/$1.txt"
  if [ "$WRK_WARMUP_SECONDS" -gt 0 ]; then
    USER_TOKEN="${USER_TOKEN:-}" ROOM_ID="${ROOM_ID:-}" "${tool_cpu[@]}" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" \
      -d"${WRK_WARMUP_SECONDS}s" -s "$2" "http://127.0.0.1:$BACKEND_PORT" >/dev/null || true
  fi
  if USER_TOKEN="${USER_TOKEN:-}" ROOM_ID="${ROOM_ID:-}" "${tool_cpu[@]}" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" \
    -d"${WRK_SECONDS}s" --latency -s "$2" "http://127.0.0.1:$BACKEND_PORT" | tee "$text"; then
    wrk_json "$label" "$text" | tee -a "$results"
  else
    echo "bench: wrk failed in $1; its figures are left out" >&2
  fi
}

json_field() { # name: reads one JSON object on stdin, prints the string field
  sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"
}

have_wrk=1
case " $SCENARIOS " in *" backend-"*) ensure_wrk || have_wrk=0 ;; esac

# wrk's room lookups: one user, one room, created on the running backend first (either server's).
run_lookup_wrk() { # name
  local token room
  token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"userId":"wrk"}' \
    "http://127.0.0.1:$BACKEND_PORT/api/login" | json_field token) || true
  room=$(curl -sf -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$BACKEND_PORT/api/rooms" \
    | json_field roomId) || true
  if [ -z "$token" ] || [ -z "$room" ]; then
    echo "bench: could not log in or create a room for the lookup benchmark" >&2
    return 1
  fi
  USER_TOKEN="$token" ROOM_ID="$room" run_wrk "$1" scripts/bench/lookup.lua
}

# The tool's arguments of each side-by-side workload (the original keeps at most 100 messages a room).
vs_arguments() { # workload
  local backend="http://127.0.0.1:$BACKEND_PORT"
  case "$1" in
    paced)      echo "paced --backend $backend --rooms 10 --users 100 --rate 10 --duration 9" ;;
    burst)      echo "burst --backend $backend --rooms 10 --users 100 --messages 100" ;;
    burst-warm) echo "burst --backend $backend --rooms 10 --users 100 --messages 100 --warmup 100" ;;
    # the original's snapshots reach its 100-message cap in the fourth step, where its ramp ends
    ramp)       echo "ramp --backend $backend --rooms 10 --users 100 --rate 5 --ramp-factor 1.25 --step 5 --p99-bound-ms 50" ;;
    idle-2k)    echo "idle --backend $backend --rooms 20 --users 100 --hold 5 --no-heap" ;; # no forced GC: RSS as users see it
    idle-10k)   echo "idle --backend $backend --rooms 100 --users 100 --hold 5 --no-heap" ;;
  esac
}

# The system calls perf counts in vs-profile, as perf names them; a name this kernel lacks is left out.
readonly PROFILE_SYSCALLS="read write readv writev recvfrom sendto recvmsg sendmsg epoll_wait epoll_pwait epoll_pwait2 epoll_ctl futex"

# vs-profile: the paced workload of vs-paced (the original ignores sends past 100 messages a room, so it cannot run
# longer). Once all 1,000 clients are connected and sending has begun (2 s later), perf counts the session server's
# CPU, context switches and system calls for PROFILE_SECONDS: the same workload and window for ours and the original,
# so the counts per delivery compare what each server does for one delivery.
run_profiled() { # name, protocol
  local name=$1 protocol=$2 server=${pids[0]} text="$out/$1.txt" perf_out="$out/$1.perf" events call
  events="task-clock,context-switches,cpu-migrations,raw_syscalls:sys_enter"
  for call in $PROFILE_SYSCALLS; do
    perf list "syscalls:sys_enter_$call" 2>/dev/null | grep -q "sys_enter_$call" && events+=",syscalls:sys_enter_$call"
  done
  # shellcheck disable=SC2046 # the arguments are words
  "${tool_cpu[@]}" "$JAVA" ${LOADTEST_JAVA_OPTS:-} -jar dist/loadtest.jar $(vs_arguments paced) --protocol "$protocol" \
    --label "$label" >"$text" &
  local tool=$! before after deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until [ "$(ss -Htn state established "( sport = :$SESSION_PORT )" | wc -l)" -ge 1000 ]; do
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$tool" 2>/dev/null; then
      echo "bench: $name: the clients never all connected" >&2
      wait "$tool" || true
      return 1
    fi
    sleep 0.05
  done
  sleep 2
  before=$(awk '{print $14, $15}' "/proc/$server/stat") # user and system time, in clock ticks
  local recording=
  if [ "$PROFILE_RECORD" = 1 ]; then
    perf record -q -F 999 -g -p "$server" -o "$out/$name.data" -- sleep "$PROFILE_SECONDS" >/dev/null 2>&1 &
    recording=$!
  fi
  perf stat -x, -o "$perf_out" -p "$server" -e "$events" -- sleep "$PROFILE_SECONDS" 2>/dev/null
  after=$(awk '{print $14, $15}' "/proc/$server/stat")
  if [ -n "$recording" ] && wait "$recording"; then
    { perf report -i "$out/$name.data" --no-children --sort comm -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 8
      echo
      perf report -i "$out/$name.data" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 8
    } > "$out/$name.report"
  fi
  if ! wait "$tool"; then
    echo "bench: $name: the load tool failed (see $text); its figures are left out" >&2
    return 1
  fi
  cat "$text"
  tail -n 1 "$text" >> "$results"
  # Per delivery: 10 rooms x 100 members x 10 messages a second.
  awk -F, -v label="$label" -v deliveries=$((10 * 100 * 10 * PROFILE_SECONDS)) -v tick_ms="$((1000 / $(getconf CLK_TCK)))" \
    -v before="$before" -v after="$after" '
    /^#/ || NF < 3 { next }
    { value = $1 + 0; event = $3; sub(/^syscalls:sys_enter_/, "", event); sub(/^raw_syscalls:sys_enter$/, "syscalls", event) }
    event == "task-clock" { cpu_ms = value; next }
    event == "context-switches" { switches = value; next }
    event == "cpu-migrations" { next }
    event == "syscalls" { calls = value; next }
    { per[event] = value }
    END {
      split(before, b, " "); split(after, a, " ")
      user_ms = (a[1] - b[1]) * tick_ms; sys_ms = (a[2] - b[2]) * tick_ms
      printf "{\"scenario\":\"profile\",\"label\":\"%s\",\"deliveries\":%d,\"cpuMsPerThousandDeliveries\":%.3f,", label, deliveries, cpu_ms * 1000 / deliveries
      printf "\"userMsPerThousandDeliveries\":%.3f,\"systemMsPerThousandDeliveries\":%.3f,", user_ms * 1000 / deliveries, sys_ms * 1000 / deliveries
      printf "\"contextSwitchesPerDelivery\":%.4f,\"syscallsPerDelivery\":%.4f", switches / deliveries, calls / deliveries
      for (e in per) printf ",\"%sPerDelivery\":%.4f", e, per[e] / deliveries
      printf "}\n"
    }' "$perf_out" | tee -a "$results"
}

# One side-by-side run of one target: ours (durable), ours with FSYNC=never (paced only), or the original.
run_vs() { # workload, target, name
  local workload=$1 target=$2 name=$3 protocol=v2
  case "$target" in
    original) start_original "$name" || return 1; protocol=original ;;
    ours-fsync-never) start_stack "$name" 1 FSYNC=never || return 1 ;;
    *) start_stack "$name" 1 || return 1 ;;
  esac
  case "$workload" in
    login)
      [ "$have_wrk" = 1 ] || return 0
      run_wrk "$name" scripts/bench/login.lua ;;
    lookup)
      [ "$have_wrk" = 1 ] || return 0
      run_lookup_wrk "$name" ;;
    profile)
      run_profiled "$name" "$protocol" ;;
    *)
      # shellcheck disable=SC2046 # the arguments are words
      run_tool "$name" $(vs_arguments "$workload") --protocol "$protocol" ;;
  esac
}

# One run of one scenario on a fresh stack. Returns non-zero when the run could not happen; the bench goes on.
run_scenario() { # scenario, name
  local scenario=$1 name=$2
  case "$scenario" in
    burst-v2)
      start_stack "$name" 1 || return 1
      run_tool "$name" burst --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 100 --messages 100 ;;
    burst-v2-warm)
      start_stack "$name" 1 || return 1
      run_tool "$name" burst --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 100 --messages 100 --warmup 100 ;;
    burst-original)
      start_stack "$name" 1 || return 1
      run_tool "$name" burst --backend "http://127.0.0.1:$BACKEND_PORT" --protocol original --rooms 10 --users 100 --messages 100 ;;
    paced-v2)
      start_stack "$name" 1 || return 1
      run_tool "$name" paced --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 100 --rate 10 --duration 20 --warmup 100 ;;
    paced-original)
      start_stack "$name" 1 || return 1
      run_tool "$name" paced --backend "http://127.0.0.1:$BACKEND_PORT" --protocol original --rooms 10 --users 100 --rate 10 --duration 20 --warmup 100 ;;
    paced-v2-fsync-never)
      start_stack "$name" 1 FSYNC=never || return 1
      run_tool "$name" paced --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 100 --rate 10 --duration 20 --warmup 100 ;;
    ramp-v2)
      start_stack "$name" 1 || return 1
      run_tool "$name" ramp --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 100 \
        --rate 5 --ramp-factor 1.25 --step 5 --p99-bound-ms 50 --warmup 100 ;;
    ramp-v2-2servers)
      start_stack "$name" 2 || return 1
      run_tool "$name" ramp --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 100 \
        --rate 5 --ramp-factor 1.25 --step 5 --p99-bound-ms 50 --warmup 100 ;;
    idle-2k)
      start_stack "$name" 1 || return 1
      run_tool "$name" idle --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 20 --users 100 --hold 5 ;;
    idle-10k)
      start_stack "$name" 1 || return 1
      run_tool "$name" idle --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 100 --users 100 --hold 5 ;;
    churn-v2)
      start_stack "$name" 1 || return 1
      run_tool "$name" churn --backend "http://127.0.0.1:$BACKEND_PORT" --protocol v2 --rooms 10 --users 50 --rate 10 \
        --churn-rate 20 --churn-stay 2 --duration 20 --warmup 100 ;;
    startup)
      run_tool "$name" startup --jar dist/session.jar --runs 5 ;;
    backend-login)
      [ "$have_wrk" = 1 ] || return 0
      start_stack "$name" 1 || return 1
      run_wrk "$name" scripts/bench/login.lua ;;
    backend-lookup)
      [ "$have_wrk" = 1 ] || return 0
      start_stack "$name" 1 || return 1
      run_lookup_wrk "$name" ;;
  esac
}

have_original=1
case " $SCENARIOS " in *" vs-"*) ensure_original || have_original=0 ;; esac
case " $SCENARIOS " in *" vs-login "*|*" vs-lookup "*) ensure_wrk || have_wrk=0 ;; esac
case " $SCENARIOS " in
  *" vs-profile "*)
    if ! perf stat -e task-clock true >/dev/null 2>&1; then
      echo "bench: vs-profile needs perf with access to the servers (Debian: linux-perf; root or kernel.perf_event_paranoid <= 1)" >&2
      exit 2
    fi ;;
esac

for scenario in $SCENARIOS; do
  if [[ "$scenario" == vs-* ]]; then
    workload=${scenario#vs-}
    targets="ours original"
    [ "$workload" = paced ] || [ "$workload" = profile ] && targets="ours ours-fsync-never original"
    [ "$have_original" = 1 ] || targets=${targets% original}
    for run in $(seq 1 "$RUNS"); do
      for target in $targets; do # alternating, so that drift on the machine touches both alike
        name="$scenario-$target-$run"
        label="$workload:$target"
        echo
        echo "=== $scenario, $target, run $run of $RUNS"
        if ! run_vs "$workload" "$target" "$name"; then
          echo "bench: $name did not run; its figures are left out" >&2
        fi
        stop_stack
      done
    done
    continue
  fi
  for run in $(seq 1 "$RUNS"); do
    name="$scenario-$run"
    label="$scenario"
    echo
    echo "=== $scenario, run $run of $RUNS"
    if ! run_scenario "$scenario" "$name"; then
      echo "bench: $name did not run; its figures are left out" >&2
    fi
    stop_stack
  done
done

echo
echo "## Medians of $RUNS runs ($(nproc) CPUs, $("$JAVA" -version 2>&1 | head -n 1)); raw results in $results"
echo
"$JAVA" -cp dist/loadtest.jar scalablechat.loadtest.Medians "$results"
case " $SCENARIOS " in
  *" vs-paced "*)
    # This disk's own fdatasync latency, where the session servers keep their logs: the floor of a durable p99.
    "$JAVA" -cp dist/loadtest.jar scalablechat.loadtest.DiskSync "$out/data" | tee -a "$results" ;;
esac
case " $SCENARIOS " in
  *" vs-"*)
    echo
    echo "## Side by side with the original: same tool, same run, medians of $RUNS runs"
    echo
    "$JAVA" -cp dist/loadtest.jar scalablechat.loadtest.SideBySide "$results" | tee "$out/side-by-side.md" ;;
esac
