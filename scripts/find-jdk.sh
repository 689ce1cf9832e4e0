# Sourced by build.sh and the run scripts. Sets JAVA_HOME and JAVA to a JDK 21 or newer,
# or prints what is missing and exits.
# Order: JAVA_HOME when it is new enough, then the newest JDK under /usr/lib/jvm.

jdk_major() { # prints the major version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}

find_jdk() {
  local min=21 best="" best_v=0 dir v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    v=$(jdk_major "$dir")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  [ -n "$best" ] && echo "$best"
}

if ! SCALABLE_CHAT_JDK=$(find_jdk) || [ -z "$SCALABLE_CHAT_JDK" ]; then
  {
    echo "error: no JDK 21 or newer found."
    echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}) and every JDK under /usr/lib/jvm."
    echo "  Install one (for example: apt-get install openjdk-21-jdk-headless), or point JAVA_HOME at it."
  } >&2
  exit 1
fi
export JAVA_HOME="$SCALABLE_CHAT_JDK"
export JAVA="$JAVA_HOME/bin/java"

# The JVM options every session server starts with (scalablechat.common.SessionJvmOptions.DEFAULTS): kept in
# step with it by SessionJvmOptionsTest.
readonly SESSION_JVM_OPTS="-XX:+UseSerialGC -Xmn8m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000"

# Prints the JVM options that start the session server jar $1 with its class-data archive, the same choice as
# scalablechat.common.ClassDataArchive: the AOT cache next to it on JDK 25+, else its CDS archive, only when
# the archive is at least as new as the jar; nothing otherwise (the server then starts without one).
session_archive_opts() {
  local jar="$1" base
  base="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar" .jar)"
  if [ "$(jdk_major "$JAVA_HOME")" -ge 25 ] && [ -f "$base.aot" ] && [ ! "$base.aot" -ot "$jar" ]; then
    echo "-XX:AOTCache=$base.aot -Xlog:aot=off -Xlog:cds=off"
  elif [ -f "$base.jsa" ] && [ ! "$base.jsa" -ot "$jar" ]; then
    echo "-XX:SharedArchiveFile=$base.jsa -Xlog:cds=off"
  fi
}
