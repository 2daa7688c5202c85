#!/usr/bin/env bash
# Upload-storm benchmark, in one run on this machine: the real node (Main serve, embedded defaults, -Xmx512m, a
# fresh data directory) as a child JVM, measured from outside (app's UploadsBench):
#   (a) baseline: p50/p99 of a signed-in light request (GET /api/orders/{id}) sent 50 times a second, open loop,
#       with no upload running;
#   (b) the same while 32 uploads of an 8 MB JPEG (6000 x 4000, so each is decoded) run at once, four people
#       sending eight each into their own draft: p50/p99 during the storm and its ratio to the baseline (target:
#       p99 under 1 s), every upload's answer (201 stored / 503 server-busy / anything else an error: target 0),
#       photos stored per second, and the server's heap (jstat -gc every 200 ms; live heap after each collection
#       from its GC log; target: well under -Xmx);
#   for two scenarios: "gated" (the defaults: KAPTURA_DECODE_CONCURRENCY, KAPTURA_UPLOAD_CONCURRENCY,
#   KAPTURA_UPLOAD_WAIT from this machine) and "wide" (64 decoders, 64 uploads at once, a 10-minute wait: nothing
#   holds uploads back, as before the decode gate).
# Usage: bench/uploads.sh [baseline seconds] [scenario ...]   (defaults: 20 s; gated wide)
#        MVN='flock /tmp/build.lock mvn -o' bench/uploads.sh   wraps the Maven call (e.g. to serialise builds)
#        KEEP=1 bench/uploads.sh   keeps the servers' logs and GC logs in the work directory it names
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(gated wide)
case "$seconds" in *[!0-9]*|'') echo "usage: bench/uploads.sh [baseline seconds] [gated|wide ...]" >&2; exit 2 ;; esac
mvn=(${MVN:-mvn})

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25-* 2>/dev/null | head -n1)
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
[ -x "$JAVA_HOME/bin/jstat" ] || { echo "bench: $JAVA_HOME/bin/jstat is missing (a JDK, not a JRE, is needed)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kaptura-uploads-bench.XXXXXX")
[ -z "${KEEP:-}" ] || echo "work directory (kept): $work"
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

echo "== building the harness (package, no install: the node's and the harness's classpaths from the reactor)"
build_log=$work/build.log
"${mvn[@]}" -B -q -pl app -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >"$build_log" 2>&1 \
  || { tail -n 40 "$build_log" >&2; echo "bench: the build failed" >&2; exit 1; }
server_cp="app/target/app-0.1.0-SNAPSHOT.jar:$(cat app/target/runtime-classpath.txt)"
bench_cp="app/target/test-classes:app/target/classes:$(cat app/target/bench-classpath.txt)"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1); $(nproc) CPUs (the harness and the server share them)"

out=$work/figures.txt
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
"$JAVA_HOME/bin/java" -Xmx1500m --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true -cp "$bench_cp" \
  ai.kaptura.app.UploadsBench "$server_cp" "$work" "$seconds" "${scenarios[@]}" | tee "$out"

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

echo "== result"
echo "load average (1, 5, 15 min) before: $load_before; after: $load_after — other work on these $(nproc) CPUs moves every figure"
for s in "${scenarios[@]}"; do
  awk -F= -v s="$s" '
    function v(k) { return vals[s "_" k] }
    /^[a-z]/ { vals[$1] = $2 }
    $1 == "xmx" { xmx = $2 }
    END {
      printf "%s: light request p50/p99 %.1f/%.1f ms baseline, %.1f/%.1f ms during the storm (p99 ratio %.2f; target p99 < 1000 ms)\n",
        s, v("baseline_p50_ms"), v("baseline_p99_ms"), v("storm_p50_ms"), v("storm_p99_ms"), v("p99_ratio")
      printf "%s: %d uploads: %d stored (201), %d refused busy (503), %d errors (target 0); storm %.1f s, %.2f photos/s stored\n",
        s, v("uploads"), v("uploads_201"), v("uploads_503_busy"), v("uploads_errors"), v("storm_seconds"), v("stored_per_second")
      printf "%s: server heap used, peak: %d MB baseline, %d MB storm; live after GC, peak: %d MB; -Xmx %s; server alive after: %s\n",
        s, v("heap_used_peak_baseline_mb"), v("heap_used_peak_storm_mb"), v("heap_live_after_gc_peak_mb"), xmx, v("server_alive")
    }' "$out"
done
