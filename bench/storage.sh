#!/usr/bin/env bash
# Storage benchmark: the upload path for 20 photos of about 8 MB (sanitise + encrypt + store on the
# filesystem provider) against storing the same bytes plain through the same provider (the I/O
# ceiling) — target ratio >= 0.5 —, the JDK's raw AES-256-GCM rate, and, in a JVM with a 48 MB heap,
# objects of 8, 32 and 128 MB stored and read back through the encrypted vault, with the live heap in
# the middle of storing each (proof that it streams: target no growth with size). Then the cost of photo-quality
# advice (R51, app's AdviceBench), for a noisy 8 MB photo and a phone-like portrait: the upload path for 20 such photos
# into one draft until the upload's answer, without advice and with it (the advice job enqueued), in the same run —
# target: with advice >= 0.7 x without —, and the advice's own work, done afterwards by the job for each photo
# (measured and compared with every earlier one, read back and decoded at 1/8): wall and CPU time per photo. The work
# did not vanish: it moved off the answer's path.
# Builds with package in the reactor (never install). Usage: bench/storage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25-* 2>/dev/null | head -n1)
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

echo "== building the harness"
mvn -B -q -pl adapter-storage -am package -DskipTests -Dlicense.skipAddThirdParty=true -Dcyclonedx.skip=true \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="adapter-storage/target/test-classes:adapter-storage/target/classes:$(cat adapter-storage/target/bench-classpath.txt)"

out=$(java --sun-misc-unsafe-memory-access=allow -Xmx1g -cp "$cp" ai.kaptura.adapter.storage.StorageBench 2>/dev/null)
echo "$out"
small=$(java --sun-misc-unsafe-memory-access=allow -Xmx48m -cp "$cp" ai.kaptura.adapter.storage.StorageBench streaming 2>/dev/null)
echo "$small"
echo "== photo-quality advice (R51): building the app's harness (package, no install)"
mvn -B -q -pl app -am package -DskipTests -Dlicense.skipAddThirdParty=true -Dcyclonedx.skip=true \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
appcp="app/target/test-classes:app/target/classes:$(cat app/target/bench-classpath.txt)"
advice=$(java --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$appcp" \
  ai.kaptura.app.AdviceBench 2>/dev/null)
echo "$advice"
echo "== result"
echo "$out" | awk -F= '/^upload_path/ {u=$2} /^plain_store/ {p=$2} /^upload_ratio/ {r=$2} /^aes_gcm/ {a=$2}
  END {
    printf "upload path %.1f MB/s vs plain store %.1f MB/s: ratio %.2f (target >= 0.5)\n", u, p, r
    printf "raw AES-256-GCM in 64 KiB updates: %.0f MB/s\n", a
  }'
echo "$small" | awk -F= '/^max_heap_mb/ {h=$2} /^streamed_[0-9]+mb=/ {sub(/^streamed_/, "", $1); r = r " " $1 " " $2}
  /^heap_growth_/ {sub(/^heap_growth_/, "", $1); sub(/_bytes$/, "", $1); g = g sprintf(" %s: %.2f MB", $1, $2 / 1048576)}
  END {
    printf "live heap growth in the middle of storing (target: no growth with size):%s\n", g
    printf "with a %d MB heap, stored and read back:%s\n", h, r
  }'
for photo in noisy portrait; do
  echo "$advice" | awk -F= -v p="$photo" '$1 == p "_photo_bytes" {n=$2} $1 == p "_upload_path_ms" {u=$2}
    $1 == p "_with_advice_ms" {w=$2} $1 == p "_advice_ratio" {r=$2} $1 == p "_job_wall_ms" {jw=$2}
    $1 == p "_job_cpu_ms" {jc=$2} $1 == p "_job_thread_cpu_ms" {jt=$2} $1 == p "_inline_ratio" {q=$2}
    END {
      printf "advice, %s photo of %.1f MB: until the upload answers, %.0f ms a photo without advice, %.0f ms with it (job enqueued): ratio %.2f (target >= 0.7)\n", p, n / 1e6, u, w, r
      printf "  then, off that path, the advice job: %.0f ms a photo (CPU %.0f ms for the process, %.0f ms on the job thread); upload and job together would be a ratio of %.2f\n", jw, jc, jt, q
    }'
done
