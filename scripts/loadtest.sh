#!/usr/bin/env bash
# `make loadtest ARGS="SCENARIO [options]"`: runs the load tool (dist/loadtest.jar) against a running stack.
#   ./scripts/loadtest.sh --help   lists the scenarios and options
# Environment: LOADTEST_JAVA_OPTS, extra JVM options for the tool (for example -Xmx2g for 20,000 connections).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
if [ ! -f dist/loadtest.jar ]; then
  ./build.sh
fi
# shellcheck disable=SC2086 # LOADTEST_JAVA_OPTS is a list of options
exec "$JAVA" ${LOADTEST_JAVA_OPTS:-} -jar dist/loadtest.jar "$@"
