#!/usr/bin/env bash
# Installs what the test bench needs on Debian/Ubuntu: Debian's redis-server (system jemalloc, refuses
# activedefrag) and a defrag-capable redis-server built from Debian's own source package with its bundled
# jemalloc. The build is cached outside the clone so CI and later runs reuse it.
# Prints the defrag-capable binary's path on its last line.
#   bash scripts/install-redis.sh          everything the tests use
#   bash scripts/install-redis.sh --demo   only what `npm run demo` uses
set -euo pipefail
DEMO_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO_ONLY=1 ;;
    *) echo "usage: bash scripts/install-redis.sh [--demo]" >&2; exit 64 ;;
  esac
done

CACHE_DIR="${REDIS_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redis-memory-checker}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { echo "[install-redis] $*" >&2; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq >&2
    apt_updated=1
  fi
}

need_pkgs=()
command -v redis-server >/dev/null 2>&1 || need_pkgs+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need_pkgs+=(redis-tools)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >&2
fi
# Debian's package starts a service on 6379; the tests never use a fixed port, so it may keep running.

raw_version=$(dpkg-query -W -f='${Version}' redis-server 2>/dev/null || echo unknown)
version=$(printf '%s' "$raw_version" | tr -c 'A-Za-z0-9.+~-' _)
target="$CACHE_DIR/redis-defrag-$version/redis-server"
if [ -x "$target" ] && "$target" --version >/dev/null 2>&1; then
  log "defrag-capable build cached at $target"
  echo "$target"
  exit 0
fi

log "building a defrag-capable redis-server $version from Debian's source package (about 70 s)"
if ! grep -rqsE "deb-src|Types:.*deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  # deb822 entry with the same Signed-By as the binary entries (apt rejects conflicting values).
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  if grep -qi '^ID=ubuntu' /etc/os-release; then
    uris=http://archive.ubuntu.com/ubuntu suites="$codename-security $codename" comps="main universe"
    keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
  else
    uris="http://deb.debian.org/debian-security" suites="$codename-security" comps=main
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  fi
  {
    echo "Types: deb-src"; echo "URIs: $uris"; echo "Suites: $suites"; echo "Components: $comps"
    [ -r "$keyring" ] && echo "Signed-By: $keyring"
  } | $SUDO tee /etc/apt/sources.list.d/redis-memory-checker-src.sources >/dev/null
  apt_updated=0
fi
apt_update_once
command -v dpkg-source >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dpkg-dev >&2
command -v make >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq build-essential >&2
command -v patch >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq patch >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source -qq "redis=$raw_version" >&2 2>/dev/null || apt-get source -qq redis >&2)
tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'redis-*' | head -n 1)
[ -n "$tree" ] || { log "apt-get source redis produced no tree"; exit 1; }
# Debian's patch for USE_SYSTEM_JEMALLOC tests `USE_SYSTEM_JEMALLOC == yes`, which the preprocessor reads as
# 0 == 0 when neither is defined, so it strips the je_ prefix even for the bundled jemalloc and the link
# fails. Reverse it: this build is meant to use the bundled (defrag-capable) jemalloc.
sysjem=$(ls "$tree"/debian/patches/*USE_SYSTEM_JEMALLOC* 2>/dev/null | head -n 1 || true)
if [ -n "$sysjem" ] && patch -R -p1 -s -f --dry-run -d "$tree" <"$sysjem" >/dev/null 2>&1; then
  patch -R -p1 -s -f -d "$tree" <"$sysjem" >&2
fi
make -C "$tree" -j"$(nproc)" MALLOC=jemalloc BUILD_TLS=no >"$work/build.log" 2>&1 || {
  tail -n 40 "$work/build.log" >&2
  exit 1
}
mkdir -p "$(dirname "$target")"
cp "$tree/src/redis-server" "$target.tmp"
mv "$target.tmp" "$target"
log "built $("$target" --version)"
echo "$target"
