#!/usr/bin/env bash
# Persistence benchmark, on one PostgreSQL in one run:
#   (a) Kaptura order transitions per second: one transaction each that reads an order, moves it,
#       saves it with its retention index, appends to the audit chain and enqueues a job;
#   (b) pgbench's tpcb-like TPS with the same number of clients, as the server's own ceiling;
#   (a') the same with the triggers that announce changes to every node switched off (what that coherence costs);
#   and their ratios (target >= 0.5);
#   (c) the retention sweep's query time with 0 and with 1,000,000 orders that are not due
#       (target: flat, thanks to the index on the due time);
#   (d) what one rate-limit attempt costs (R47), on this PostgreSQL and on the embedded H2 file
#       database: a known key allowed and refused, a new key, and attempts per second with N clients;
#   (e) what durable commits cost: the order transition of (a) with the same clients on the embedded H2 file as it
#       was (H2's 500 ms write delay: acknowledged before written), written before it answers (WRITE_DELAY=0),
#       and as it is now (written and forced to the device), with PostgreSQL for reference.
# Both (a) and (b) are measured in 3 rounds of the given length and their medians compared: the
# machine's noise (checkpoints, autovacuum, other work) moves single runs by a third either way.
# Usage: bench/persistence.sh [clients] [seconds] [steps]   (defaults: 8 clients, 20 seconds per round, steps abde)
#        MVN='flock /tmp/build.lock mvn -o' bench/persistence.sh   wraps the Maven call (e.g. to serialise builds)
# The harness is built with "package" in this checkout's reactor, never "install": other checkouts on this machine
# share ~/.m2, and an installed snapshot of this one would replace theirs.
# Needs PostgreSQL on 127.0.0.1:5432 reachable as "postgres" without a password, and pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
seconds=${2:-20}
steps=${3:-abde}
mvn=(${MVN:-mvn})
db=kaptura_bench
pg=(-h 127.0.0.1 -p 5432 -U postgres)

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25-* 2>/dev/null | head -n1)
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
command -v pgbench >/dev/null || { echo "bench: pgbench is missing (Debian: apt-get install postgresql-contrib or postgresql)" >&2; exit 1; }
psql "${pg[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || createdb "${pg[@]}" "$db"

echo "== building the harness (package in this reactor, no install)"
build_log=$(mktemp)
"${mvn[@]}" -B -q -pl adapter-persistence -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >"$build_log" 2>&1 \
  || { tail -n 40 "$build_log" >&2; rm -f "$build_log"; echo "bench: the build failed" >&2; exit 1; }
rm -f "$build_log"
cp="adapter-persistence/target/test-classes:adapter-persistence/target/classes:$(cat adapter-persistence/target/bench-classpath.txt)"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1); $(nproc) CPUs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $steps == *a* ]]; then
echo "== (a) Kaptura: $clients clients, $seconds s"
out=$(KAPTURA_BENCH_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$db" java -cp "$cp" \
  ai.kaptura.adapter.persistence.PersistenceBench --clients "$clients" --seconds "$seconds" --rounds 3)
echo "$out"
kaptura_tps=$(echo "$out" | sed -n 's/^transitions_per_second=//p')

echo "== (a') the same without the changes announced to every node (V103/V104 triggers off: what coherence costs)"
silent=$(KAPTURA_BENCH_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$db" java -cp "$cp" \
  ai.kaptura.adapter.persistence.PersistenceBench --clients "$clients" --seconds "$seconds" --rounds 3 --without-announcements)
echo "$silent"
silent_tps=$(echo "$silent" | sed -n 's/^silent_transitions_per_second=//p')

echo "== (b) pgbench tpcb-like: $clients clients, 3 rounds of $seconds s (scale 1)"
pgbench "${pg[@]}" -i -s 1 -q "$db" >/dev/null 2>&1
rounds=()
for round in 1 2 3; do
  tps=$(pgbench "${pg[@]}" -c "$clients" -j "$clients" -T "$seconds" -b tpcb-like -n "$db" 2>/dev/null \
    | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -n1)
  echo "round_${round}_tps=$tps"
  rounds+=("$tps")
done
pgbench_tps=$(printf '%s\n' "${rounds[@]}" | sort -g | sed -n 2p)
echo "pgbench_tps=$pgbench_tps (median)"

echo "== result"
awk -v a="$kaptura_tps" -v b="$pgbench_tps" 'BEGIN { printf "kaptura %.1f/s vs pgbench %.1f TPS: ratio %.2f (target >= 0.5)\n", a, b, a / b }'
awk -v a="$silent_tps" -v k="$kaptura_tps" -v b="$pgbench_tps" 'BEGIN { printf "without the announcements to other nodes: %.1f/s, ratio %.2f; the announcements cost %.0f %% of the transitions\n", a, a / b, 100 * (1 - k / a) }'
echo "$out" | awk -F= '/retention_query_ms_with_0/ {z=$2} /retention_query_ms_with_1000000/ {m=$2}
  END { printf "retention query: %.3f ms with 0 not-due orders, %.3f ms with 1,000,000: ratio %.2f (target: flat)\n", z, m, m / z }'

fi

if [[ $steps == *d* ]]; then
echo "== (d) rate limits: one attempt, then $clients clients"
KAPTURA_BENCH_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$db" java -cp "$cp" \
  ai.kaptura.adapter.persistence.RateLimitsBench --attempts 5000 --clients "$clients" --seconds "$seconds"
fi

if [[ $steps == *e* ]]; then
echo "== (e) durable commits: the transition of (a), $clients clients, 3 rounds of $seconds s, on H2 before / written / durable, and PostgreSQL"
dout=$(KAPTURA_BENCH_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$db" java -cp "$cp" \
  ai.kaptura.adapter.persistence.DurableCommitsBench --clients "$clients" --seconds "$seconds" --rounds 3)
echo "$dout"
echo "== result (e)"
echo "$dout" | awk -F= '
  /^h2_before_transitions_per_second=/ { b = $2 } /^h2_written_transitions_per_second=/ { w = $2 }
  /^h2_durable_transitions_per_second=/ { d = $2 } /^postgres_transitions_per_second=/ { p = $2 }
  /^h2_durable_forced_writes_per_transition=/ { f = $2 }
  /^h2_before_file_mb_open=/ { bo = $2 } /^h2_durable_file_mb_open=/ { dop = $2 } /^h2_durable_file_mb_closed=/ { dc = $2 }
  END {
    printf "H2 before (acknowledged before written): %.0f transitions/s\n", b
    printf "H2 written before it answers (WRITE_DELAY=0): %.0f/s (%.2f of before)\n", w, w / b
    printf "H2 durable (written and forced, the default now): %.0f/s (%.2f of before), %.2f forced writes per transition\n", d, d / b, f
    printf "PostgreSQL (fsync, synchronous_commit on): %.0f/s\n", p
    printf "H2 file at the end of the run: before %.1f MB, durable %.1f MB open, %.1f MB after a clean close\n", bo, dop, dc
  }'
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
