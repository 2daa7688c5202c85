#!/usr/bin/env bash
# A local cluster, one node and then two, each run on a cluster of its own started on this machine (app's ClusterBench
# over the test harness Cluster):
#   PostgreSQL (the local one; a fresh database per run, dropped after it), S3Proxy as a process of its own (the photos'
#   S3-compatible store), N Kaptura nodes (Main serve, -Xmx512m, from the built app) on ports of their own with the same
#   KAPTURA_MASTER_KEY, KAPTURA_CALLBACK_SECRET and KAPTURA_AUDIT_KEY, one database, one bucket and one data directory
#   (the outbox of mails; the sandbox vendors keep their state in the shared database), and Debian's HAProxy in front
#   (round robin, health checks on /health/ready);
#   then P people at once through HAProxy: sign in, a draft, 8 selfies, checkout, the sandbox's checkout page and payment
#   (its webhook through HAProxy too), the sandbox's training and generation (2 s a step, KAPTURA_SANDBOX_DELAY), the
#   delivered order, its headshots' ZIP, the export and the erasure;
#   and prints what it started, people, orders delivered, orders delivered per minute, the API's p50/p99 (every request,
#   status polls included), the requests each node took and the errors (target 0), for one node and for two; then it
#   stops all of it.
# Usage: bench/cluster.sh [people]   (default: 8 — Kaptura sends at most 10 sign-in codes a network in 15 minutes, and
#        every person here comes from 127.0.0.1)
#        MVN='flock /tmp/build.lock mvn -o' bench/cluster.sh   wraps the Maven call (e.g. to serialise builds)
#        KEEP=1 bench/cluster.sh   keeps the nodes', S3Proxy's and HAProxy's logs in the work directory it names
# Needs PostgreSQL on 127.0.0.1:5432 reachable as "postgres" without a password, and HAProxy (installed with apt-get
# when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-8}
case "$people" in *[!0-9]*|'') echo "usage: bench/cluster.sh [people]" >&2; exit 2 ;; esac
mvn=(${MVN:-mvn})

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25-* 2>/dev/null | head -n1)
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
# The harness sets every Kaptura variable of the nodes itself.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(KAPTURA|ASTRIA|STRIPE|RESEND)_' || true)

if ! command -v haproxy >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing haproxy"
    apt-get install -y -qq haproxy >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq haproxy >/dev/null; }
  else
    echo "bench: haproxy is missing (Debian: apt-get install haproxy)" >&2; exit 1
  fi
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "bench: no PostgreSQL answers on 127.0.0.1:5432" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kaptura-cluster-bench.XXXXXX")
[ -z "${KEEP:-}" ] || echo "work directory (kept): $work"
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

echo "== building the harness (package, no install: the nodes' and the harness's classpaths from the reactor)"
build_log=$work/build.log
"${mvn[@]}" -B -q -pl app -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >"$build_log" 2>&1 \
  || { tail -n 40 "$build_log" >&2; echo "bench: the build failed" >&2; exit 1; }
# The nodes run on the harness's classpath (ChildNode starts Main serve on it); S3Proxy from app/target/s3proxy.
[ -f app/target/s3proxy/s3proxy.jar ] || { echo "bench: app/target/s3proxy/s3proxy.jar is missing after the build" >&2; exit 1; }
bench_cp="$PWD/app/target/test-classes:$PWD/app/target/classes:$(cat app/target/bench-classpath.txt)"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1); $(haproxy -v | head -n1); $(nproc) CPUs (every process shares them)"

out=$work/figures.txt
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
# The harness finds S3Proxy relative to the app module, as the tests do.
(cd app && "$JAVA_HOME/bin/java" -Xmx512m --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true -cp "$bench_cp" \
  ai.kaptura.app.ClusterBench "$work" "$people" 1 2) | tee "$out"
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

echo "== result"
echo "load average (1, 5, 15 min) before: $load_before; after: $load_after — other work on these $(nproc) CPUs moves every figure"
for n in 1 2; do
  awk -F= -v n="nodes${n}_" '
    index($1, n) == 1 { vals[substr($1, length(n) + 1)] = $2 }
    END {
      printf "%s node(s): %d people, %d orders delivered in %.1f s: %.1f orders delivered/min; API p50/p99 %.1f/%.1f ms over %d requests; per node: %s; errors %d (target 0)\n",
        substr(n, 6, 1), vals["people"], vals["orders"], vals["seconds"], vals["orders_per_minute"], vals["p50_ms"], vals["p99_ms"],
        vals["requests"], vals["per_node"], vals["errors"]
    }' "$out"
done
