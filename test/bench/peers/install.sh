#!/usr/bin/env bash
# Installs what `npm run bench:peers` needs, from this machine's registries only; idempotent and cached.
#   - Apache Kafka 4.4.0 (broker, tools, client) and Apache Fluss 0.9.1-incubating (server with bundled
#     ZooKeeper; Java client), resolved from Maven Central with Maven into $CACHE/lib/<name>/
#   - the Java drivers (java/*.java) compiled with javac into $CACHE/classes/<name>/
#   - redis-server and iperf3 from Debian when missing (apt-get, as root)
# CACHE = ${FLUSS_CACHE_DIR:-$HOME/.cache/fluss-ts}/peers. Prints "installed <what>" lines; exits non-zero
# only for what the caller cannot do without (the run skips a peer whose part failed and says why).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${FLUSS_CACHE_DIR:-$HOME/.cache/fluss-ts}/peers"
mkdir -p "$CACHE/lib" "$CACHE/classes"
status=0

# Maven: one pom per lib dir; re-resolved only when the pom changed (its hash is kept beside the jars).
resolve() {
  local name="$1" pom="$HERE/maven/$1.pom.xml" dir="$CACHE/lib/$1"
  local hash; hash="$(sha256sum "$pom" | cut -c1-16)"
  if [[ -f "$dir/.resolved-$hash" ]]; then echo "cached lib/$name"; return 0; fi
  if ! command -v mvn >/dev/null; then echo "FAILED lib/$name: mvn not found (apt-get install maven)"; return 1; fi
  rm -rf "$dir"
  if mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir" >"$CACHE/mvn-$name.log" 2>&1; then
    touch "$dir/.resolved-$hash"; echo "installed lib/$name ($(ls "$dir" | wc -l) jars)"
  else
    echo "FAILED lib/$name: see $CACHE/mvn-$name.log"; tail -5 "$CACHE/mvn-$name.log"; return 1
  fi
}

# javac: recompiled when the source is newer than the class.
compile() {
  local name="$1" lib="$2" src="$HERE/java/$1.java" out="$CACHE/classes/$1"
  if [[ -f "$out/$1.class" && "$out/$1.class" -nt "$src" ]]; then echo "cached classes/$name"; return 0; fi
  mkdir -p "$out"
  if javac -nowarn -d "$out" -cp "$CACHE/lib/$lib/*" "$src" >"$CACHE/javac-$name.log" 2>&1; then
    echo "installed classes/$name"
  else
    echo "FAILED classes/$name:"; cat "$CACHE/javac-$name.log"; return 1
  fi
}

if resolve kafka; then compile KafkaBench kafka || status=1; else status=1; fi
resolve fluss-server || status=1
if resolve fluss-client; then compile FlussBench fluss-client || status=1; else status=1; fi

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-cli >/dev/null || missing+=(redis-tools)
command -v iperf3 >/dev/null || missing+=(iperf3)
if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update -qq >/dev/null 2>&1
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$CACHE/apt.log" 2>&1; then
      echo "installed ${missing[*]}"
    else
      echo "FAILED apt-get install ${missing[*]}: see $CACHE/apt.log"; status=1
    fi
  else
    echo "FAILED ${missing[*]} missing and not root: sudo apt-get install ${missing[*]}"; status=1
  fi
else
  echo "cached redis-server iperf3"
fi
exit $status
