#!/usr/bin/env bash
# Builds moat-base:bookworm, a Java 17 runtime image equivalent to eclipse-temurin:17-jre, from
# Debian packages alone, for machines that cannot pull images:
#   debootstrap --variant=minbase bookworm, openjdk-17-jre-headless installed by apt in a chroot,
#   then the tree imported with docker import.
# Usage: deploy/build-base-image.sh [IMAGE] [MIRROR]   (defaults: moat-base:bookworm, deb.debian.org)
# Needs root, debootstrap and a running Docker engine. Prints the image's size at the end.
set -euo pipefail

image="${1:-moat-base:bookworm}"
mirror="${2:-http://deb.debian.org/debian}"

if docker image inspect "$image" >/dev/null 2>&1 && [ "${MOAT_REBUILD_BASE:-}" != "1" ]; then
  echo "$image exists (MOAT_REBUILD_BASE=1 builds it again)"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 2; }

root="$(mktemp -d /tmp/moat-base.XXXXXX)"
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT

debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
mount -t proc proc "$root/proc"
# No man pages or docs in the image; the JRE's post-install needs the man1 folder to exist.
cat > "$root/etc/dpkg/dpkg.cfg.d/01-nodoc" <<'CFG'
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/locale/*
CFG
mkdir -p "$root/usr/share/man/man1"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    openjdk-17-jre-headless ca-certificates >/dev/null
chroot "$root" apt-get clean
umount "$root/proc"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/tmp/*

tar -C "$root" -c . | docker import \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    - "$image" >/dev/null
docker image inspect "$image" --format "$image {{.Size}} bytes"
