#!/usr/bin/env bash
# Builds dist/backend.jar, dist/session.jar (with its class-data archive) and dist/loadtest.jar with a JDK 21+
# found on its own.
#   ./build.sh          package the jars (tests skipped)
#   ./build.sh test     run every JVM test (and refresh dist/ with the jars it built)
#   ./build.sh mvn ARGS run Maven with the chosen JDK
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh

if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Maven (mvn) is not installed. Install it (for example: apt-get install maven) and run again." >&2
  exit 1
fi

# Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
if [ "$(jdk_major "$JAVA_HOME")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
MVN=(mvn -B -ntp -Dstyle.color=never)

# The session server's class-data archive next to dist/session.jar (dist/session.aot on JDK 25+, else
# dist/session.jsa; see ClassDataArchive): a training run of a few seconds that about halves the time a session
# server takes from start to ready. Without it servers still start, only slower, so a failure only warns.
write_session_archive() {
  local log=dist/session-archive.log
  if "$JAVA" -cp dist/session.jar scalablechat.session.ArchiveTraining dist/session.jar >"$log" 2>&1; then
    tail -n 1 "$log"
    rm -f "$log"
  else
    echo "warning: no class-data archive for dist/session.jar (session servers start without one, slower); see $log" >&2
  fi
}

case "${1:-package}" in
  package)
    echo "Building with $("$JAVA" -version 2>&1 | head -n 1) at $JAVA_HOME"
    "${MVN[@]}" -q -DskipTests package
    mkdir -p dist
    cp session/target/session.jar backend/target/backend.jar loadtest/target/loadtest.jar dist/
    write_session_archive
    echo "Built dist/backend.jar, dist/session.jar and dist/loadtest.jar"
    ;;
  test)
    shift
    "${MVN[@]}" "$@" verify
    # verify built the runnable jars too; keep dist/ in step so scripts that run them use what was tested
    if [ -f session/target/session.jar ] && [ -f backend/target/backend.jar ]; then
      mkdir -p dist
      cp session/target/session.jar backend/target/backend.jar dist/
      write_session_archive
    fi
    ;;
  mvn)
    shift
    "${MVN[@]}" "$@"
    ;;
  *)
    echo "usage: ./build.sh [package|test|mvn ARGS]" >&2
    exit 2
    ;;
esac
