#!/usr/bin/env bash
# Builds the base of Kaptura's container image without a registry or a Docker engine, as a Docker archive
# (the format of `docker save`) that Jib reads with from.image = tar://...:
#   layer 1  a minimal Debian 12 (bookworm) root filesystem from debootstrap --variant=minbase, with
#            libheif-examples (heif-convert, for HEIC uploads), the user kaptura (10001:10001) and its data
#            directory /var/lib/kaptura;
#   layer 2  a Java runtime made by jlink from the local Temurin 25 JDK, in /opt/java/openjdk (the path of the
#            official eclipse-temurin images): Temurin 25, trimmed to the modules a server needs.
# Usage: deploy/image/base.sh OUT_DIR      (JAVA_HOME: a Temurin 25 JDK; needs root for debootstrap)
# Writes OUT_DIR/base.tar and leaves OUT_DIR/rootfs and OUT_DIR/jre for the start-up cache's training run.
# A second run with the same inputs (this script, the JDK, the Debian suite) only prints where base.tar is.
set -euo pipefail

out=${1:?usage: base.sh OUT_DIR}
suite=bookworm
mirror=${KAPTURA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
java_home=${JAVA_HOME:?JAVA_HOME must name a JDK 25}
# Generous rather than exact: java.se is the whole Java SE API; the rest are what the libraries on the
# runtime class path reach for (Unsafe, the JDK's HTTP server, zip file systems, JMX and the platform
# MXBeans, DNS, extra charsets, elliptic curves' provider module, JFR for diagnosis). `jdeps --ignore-missing-deps
# --print-module-deps --class-path "$(cat app/target/runtime-classpath.txt)" app/target/app-*.jar` names
# java.base, java.compiler, java.desktop, java.instrument, java.management, java.naming, java.net.http, java.rmi,
# java.scripting, java.security.jgss, java.security.sasl, java.sql, jdk.httpserver, jdk.net and jdk.unsupported:
# all of them are in this list.
modules=java.se,jdk.unsupported,jdk.httpserver,jdk.zipfs,jdk.management,jdk.management.jfr,jdk.jfr,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.charsets,jdk.net,jdk.localedata
mkdir -p "$out"
out=$(cd "$out" && pwd)

key=$( {
  cat "$0"
  cat "$java_home/release"
  echo "$suite $mirror $modules"
} | sha256sum | cut -d' ' -f1)
if [ -f "$out/base.tar" ] && [ "$(cat "$out/base.key" 2>/dev/null)" = "$key" ]; then
  echo "$out/base.tar"
  exit 0
fi
rm -f "$out/base.tar" "$out/base.key"

say() { echo "base.sh: $*" >&2; }

if [ ! -x "$out/rootfs/usr/bin/heif-convert" ] || [ "$(cat "$out/rootfs.key" 2>/dev/null)" != "$suite $mirror" ]; then
  command -v debootstrap >/dev/null 2>&1 || { say "debootstrap is missing (Debian: apt-get install debootstrap)"; exit 1; }
  say "debootstrap $suite (minbase + libheif-examples) from $mirror; takes a few minutes the first time"
  rm -rf "$out/rootfs" "$out/rootfs.key"
  debootstrap --variant=minbase --include=libheif-examples "$suite" "$out/rootfs" "$mirror" >"$out/debootstrap.log" 2>&1 || {
    tail -n 20 "$out/debootstrap.log" >&2
    say "debootstrap failed (log: $out/debootstrap.log)"
    exit 1
  }
  echo "$suite $mirror" >"$out/rootfs.key"
fi

root="$out/rootfs"
say "trimming the root filesystem and adding the user kaptura (10001:10001)"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/tmp/* "$root"/root/.bash_history
cat >"$root/etc/apt/sources.list" <<EOF
deb http://deb.debian.org/debian $suite main
deb http://deb.debian.org/debian $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
grep -q '^kaptura:' "$root/etc/group" || echo 'kaptura:x:10001:' >>"$root/etc/group"
grep -q '^kaptura:' "$root/etc/passwd" \
  || echo 'kaptura:x:10001:10001:Kaptura:/var/lib/kaptura:/usr/sbin/nologin' >>"$root/etc/passwd"
grep -q '^kaptura:' "$root/etc/shadow" || echo 'kaptura:!:20000::::::' >>"$root/etc/shadow"
mkdir -p "$root/var/lib/kaptura"
chown 10001:10001 "$root/var/lib/kaptura"
chmod 700 "$root/var/lib/kaptura"

say "jlink: Temurin $(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release") -> /opt/java/openjdk"
rm -rf "$out/jre"
mkdir -p "$out/jre/opt/java"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$out/jre/opt/java/openjdk" >&2
# jlink's release file names the modules only: say which JDK they came from, as Temurin's own images do.
grep -E '^(IMPLEMENTOR|IMPLEMENTOR_VERSION|JAVA_RUNTIME_VERSION|SOURCE)=' "$java_home/release" \
  >>"$out/jre/opt/java/openjdk/release"
# The same modification time on disk as in the layer: the start-up cache is trained on these files.
find "$out/jre" -exec touch -h -d @1 {} +

say "packing the layers"
work="$out/pack"
rm -rf "$work"
mkdir -p "$work"
pack() { # pack DIR LAYER.tar: a reproducible tar of DIR's contents (no device nodes, /proc or /sys)
  tar --create --file "$2" --directory "$1" --sort=name --numeric-owner --mtime=@1 \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' .
}
pack "$root" "$work/debian.tar"
pack "$out/jre" "$work/jre.tar"
debian_id=$(sha256sum "$work/debian.tar" | cut -d' ' -f1)
jre_id=$(sha256sum "$work/jre.tar" | cut -d' ' -f1)
mv "$work/debian.tar" "$work/$debian_id.tar"
mv "$work/jre.tar" "$work/$jre_id.tar"
jre_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release")
cat >"$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:01Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.base.name":"debian:$suite (debootstrap minbase) + Temurin $jre_version (jlink)"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$debian_id","sha256:$jre_id"]},
 "history":[{"created":"1970-01-01T00:00:01Z","created_by":"debootstrap --variant=minbase --include=libheif-examples $suite"},
            {"created":"1970-01-01T00:00:01Z","created_by":"jlink --add-modules $modules (Temurin $jre_version)"}]}
EOF
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_id.json"
cat >"$work/manifest.json" <<EOF
[{"Config":"$config_id.json","RepoTags":["kaptura-base:local"],"Layers":["$debian_id.tar","$jre_id.tar"]}]
EOF
tar --create --file "$out/base.tar.part" --directory "$work" --mtime=@1 --owner=0 --group=0 \
  manifest.json "$config_id.json" "$debian_id.tar" "$jre_id.tar"
mv "$out/base.tar.part" "$out/base.tar"
rm -rf "$work"
echo "$key" >"$out/base.key"
say "base image: $out/base.tar ($(du -h "$out/base.tar" | cut -f1))"
echo "$out/base.tar"
