#!/usr/bin/env bash
# Trains Kaptura's start-up cache (JDK 25's AOT cache, JEP 514) on the image's own files: unpacks every layer
# of IMAGE_TAR (a Jib image tarball) into WORK_DIR, starts the server there with chroot as the image's user,
# the image's java and the image's class path, waits for /health/ready, reads a few pages, stops it with
# SIGTERM, and copies the cache the JVM writes on exit to OUT_DIR/kaptura.aot.
# The cache is only used when the jars on the class path are the same files (paths, sizes, modification
# times): Jib gives every file the same time (1970-01-01T00:00:01Z) and the same path on every build.
# Usage: deploy/image/train.sh IMAGE_TAR WORK_DIR OUT_DIR      (needs root: chroot, mount)
#        deploy/image/train.sh --check IMAGE_TAR WORK_DIR
#   --check starts the finished image's server the same way with -XX:AOTMode=on, which refuses to start
#   unless the cache in the image matches its files, and prints how long the start took.
set -euo pipefail

check=false
if [ "${1:-}" = --check ]; then check=true; shift; fi
image=${1:?usage: train.sh [--check] IMAGE_TAR WORK_DIR OUT_DIR}
work=${2:?usage: train.sh [--check] IMAGE_TAR WORK_DIR OUT_DIR}
out=${3:-$work/out}
say() { echo "train.sh: $*" >&2; }

root="$work/rootfs"
mounted=()
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -9 "$server" 2>/dev/null || true; fi
  local m
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT

# A run stopped half-way may have left its /proc mounted: never remove across it.
umount "$root/proc" 2>/dev/null || true
rm -rf --one-file-system "$work"
mkdir -p "$work/unpacked" "$root" "$out"
tar --extract --file "$image" --directory "$work/unpacked"
# Jib writes an OCI layout: index.json names the manifest, whose "layers" are the blobs in order.
blobs="$work/unpacked/blobs/sha256"
manifest=$(grep -o '"digest":"sha256:[0-9a-f]*"' "$work/unpacked/index.json" | head -n1 | sed 's/.*sha256:\([0-9a-f]*\)"/\1/')
[ -n "$manifest" ] || { say "no manifest in $image"; exit 1; }
layers=$(sed 's/.*"layers":\[//' "$blobs/$manifest" | grep -o 'sha256:[0-9a-f]*' | cut -d: -f2)
[ -n "$layers" ] || { say "no layers found in $image"; exit 1; }
while read -r layer; do
  tar --extract --file "$blobs/$layer" --directory "$root" --numeric-owner --warning=no-unknown-keyword
done <<<"$layers"
rm -rf "$work/unpacked"

# What a container runtime provides: /proc, the device nodes a JVM opens, /etc/resolv.conf, a writable /tmp.
mkdir -p "$root/proc" "$root/dev"
mount -t proc proc "$root/proc"
mounted=("$root/proc")
mknod -m 666 "$root/dev/null" c 1 3
mknod -m 666 "$root/dev/zero" c 1 5
mknod -m 666 "$root/dev/random" c 1 8
mknod -m 666 "$root/dev/urandom" c 1 9
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
mkdir -p "$root/app/aot" "$root/tmp/kaptura-data"
chown 10001:10001 "$root/tmp/kaptura-data"
if [ "$check" = true ]; then
  [ -f "$root/app/aot/kaptura.aot" ] || { say "the image holds no start-up cache (/app/aot/kaptura.aot)"; exit 1; }
  aot_flags=(-XX:AOTCache=/app/aot/kaptura.aot -XX:AOTMode=on)
else
  chown 10001:10001 "$root/app/aot"
  aot_flags=(-XX:AOTCacheOutput=/app/aot/kaptura.aot)
fi

chroot_bin=$(command -v chroot)
port=$((20000 + RANDOM % 20000))
log="$work/server.log"
if [ "$check" = true ]; then say "checking the image's start-up cache on port $port (log: $log)"; else say "training run on port $port (log: $log)"; fi
# The image's entrypoint, with the cache being written instead of read.
env -i PATH=/opt/java/openjdk/bin:/usr/bin:/bin JAVA_HOME=/opt/java/openjdk LANG=C.UTF-8 HOME=/tmp \
  KAPTURA_PORT="$port" KAPTURA_DATA_DIR=/tmp/kaptura-data KAPTURA_HEIF_CONVERT=/usr/bin/heif-convert \
  "$chroot_bin" --userspec=10001:10001 "$root" /opt/java/openjdk/bin/java \
  "${aot_flags[@]}" -Xlog:aot=off -Xlog:cds=off \
  --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true \
  -cp @/app/jib-classpath-file ai.kaptura.app.Main serve >"$log" 2>&1 &
server=$!

ready=false
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; then ready=true; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ "$ready" != true ]; then
  tail -n 30 "$log" >&2
  say "the server in the image did not become ready"
  exit 1
fi
if [ "$check" = true ]; then
  say "the image's server started with its cache: $(grep -o 'started in [0-9]* ms' "$log" | head -n1)"
  kill -TERM "$server"
  wait "$server" || true
  server=
  exit 0
fi
# A few pages, so the cache also holds what the first requests load.
for path in / /health/ready /health/live /api/config /api/plans /api/privacy/policy /api/cookies /api/me; do
  curl -s -o /dev/null "http://127.0.0.1:$port$path" || true
done
kill -TERM "$server"
wait "$server" || true
server=
[ -s "$root/app/aot/kaptura.aot" ] || { tail -n 30 "$log" >&2; say "no cache was written"; exit 1; }
cp "$root/app/aot/kaptura.aot" "$out/kaptura.aot"
say "start-up cache: $out/kaptura.aot ($(du -h "$out/kaptura.aot" | cut -f1))"
