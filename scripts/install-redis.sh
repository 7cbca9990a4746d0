#!/usr/bin/env bash
# Installs the servers the test bench runs, on Debian or Ubuntu:
#   - Debian's redis-server package (7.0 on bookworm; linked with the system jemalloc, it refuses activedefrag);
#   - Redis 7.0 built from Debian's own source package with Redis's bundled jemalloc (defrag-capable);
#   - Redis 8.0 and Valkey 8.1 from Debian trixie's source packages, each built with jemalloc and with libc.
# Builds are cached outside the clone ($REDIS_BUILD_CACHE, default ~/.cache/redis-memory-checker), one folder
# each with a build.json that the tests read, so CI and later runs reuse them.
#   bash scripts/install-redis.sh          everything the tests use
#   bash scripts/install-redis.sh --demo   only what `npm run demo` uses (the package and the 7.0 build)
# Prints the defrag-capable 7.0 binary's path on its last line.
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
apt_install() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >&2; }

need_pkgs=()
command -v redis-server >/dev/null 2>&1 || need_pkgs+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need_pkgs+=(redis-tools)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
command -v dpkg-source >/dev/null 2>&1 || need_pkgs+=(dpkg-dev)
command -v make >/dev/null 2>&1 || need_pkgs+=(build-essential)
command -v patch >/dev/null 2>&1 || need_pkgs+=(patch)
command -v xz >/dev/null 2>&1 || need_pkgs+=(xz-utils)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt_update_once
  apt_install "${need_pkgs[@]}"
fi
# Debian's package starts a service on 6379; the tests never use a fixed port, so it may keep running.

# A deb-src entry (deb822, with the same Signed-By as the binary entries: apt rejects conflicting values).
add_source() { # file uris suites components keyring
  [ -f "/etc/apt/sources.list.d/$1" ] && return 0
  {
    echo "Types: deb-src"; echo "URIs: $2"; echo "Suites: $3"; echo "Components: $4"
    [ -r "$5" ] && echo "Signed-By: $5"
  } | $SUDO tee "/etc/apt/sources.list.d/$1" >/dev/null
  apt_updated=0
}

# One cached build: folder, then the command that builds it into "$work/out/SERVER" and prints SERVER.
have_build() { [ -f "$CACHE_DIR/$1/build.json" ] && [ -x "$CACHE_DIR/$1/$2" ] && "$CACHE_DIR/$1/$2" --version >/dev/null 2>&1; }
save_build() { # folder binary-path engine version allocator source
  mkdir -p "$CACHE_DIR/$1"
  cp "$2" "$CACHE_DIR/$1/$(basename "$2").tmp"
  mv "$CACHE_DIR/$1/$(basename "$2").tmp" "$CACHE_DIR/$1/$(basename "$2")"
  printf '{"engine":"%s","version":"%s","allocator":"%s","binary":"%s","source":"%s"}\n' \
    "$3" "$4" "$5" "$(basename "$2")" "$6" >"$CACHE_DIR/$1/build.json"
  log "built $1: $("$CACHE_DIR/$1/$(basename "$2")" --version)"
}
make_server() { # tree malloc
  make -C "$1" -j"$(nproc)" MALLOC="$2" BUILD_TLS=no >"$1/build.log" 2>&1 || {
    tail -n 40 "$1/build.log" >&2
    exit 1
  }
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- Redis 7.0 from Debian's own source package, with Redis's bundled (defrag-capable) jemalloc ------------
raw_version=$(dpkg-query -W -f='${Version}' redis-server 2>/dev/null || echo unknown)
upstream=$(printf '%s' "$raw_version" | sed -E 's/^[0-9]+://; s/-[^-]*$//')
folder="redis-$(printf '%s' "$raw_version" | tr -c 'A-Za-z0-9.+~-' _)-jemalloc"
if ! have_build "$folder" redis-server; then
  log "building a defrag-capable redis-server $raw_version from Debian's source package (about a minute)"
  if ! grep -rqsE "deb-src|Types:.*deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    if grep -qi '^ID=ubuntu' /etc/os-release; then
      add_source redis-memory-checker-src.sources http://archive.ubuntu.com/ubuntu "$codename-security $codename" \
        "main universe" /usr/share/keyrings/ubuntu-archive-keyring.gpg
    else
      add_source redis-memory-checker-src.sources http://deb.debian.org/debian-security "$codename-security" main \
        /usr/share/keyrings/debian-archive-keyring.gpg
    fi
  fi
  apt_update_once
  mkdir -p "$work/deb"
  (cd "$work/deb" && apt-get source -qq "redis=$raw_version" >&2 2>/dev/null || apt-get source -qq redis >&2)
  tree=$(find "$work/deb" -maxdepth 1 -mindepth 1 -type d -name 'redis-*' | head -n 1)
  [ -n "$tree" ] || { log "apt-get source redis produced no tree"; exit 1; }
  # Debian's patch for USE_SYSTEM_JEMALLOC tests `USE_SYSTEM_JEMALLOC == yes`, which the preprocessor reads as
  # 0 == 0 when neither is defined, so it strips the je_ prefix even for the bundled jemalloc and the link
  # fails. Reverse it: this build is meant to use the bundled (defrag-capable) jemalloc.
  sysjem=$(ls "$tree"/debian/patches/*USE_SYSTEM_JEMALLOC* 2>/dev/null | head -n 1 || true)
  if [ -n "$sysjem" ] && patch -R -p1 -s -f --dry-run -d "$tree" <"$sysjem" >/dev/null 2>&1; then
    patch -R -p1 -s -f -d "$tree" <"$sysjem" >&2
  fi
  make_server "$tree" jemalloc
  save_build "$folder" "$tree/src/redis-server" redis "$upstream" jemalloc "Debian source package redis $raw_version"
else
  log "defrag-capable build cached in $CACHE_DIR/$folder"
fi
defrag_binary="$CACHE_DIR/$folder/redis-server"

# --- Redis 8.0 and Valkey 8.1 from Debian trixie's source packages, jemalloc and libc ----------------------
if [ "$DEMO_ONLY" -eq 0 ]; then
  add_source redis-memory-checker-trixie-src.sources http://deb.debian.org/debian trixie main \
    /usr/share/keyrings/debian-archive-keyring.gpg
  for package in redis valkey; do
    server="$package-server"
    # The upstream version of trixie's package, without downloading anything yet.
    apt_update_once
    version=$(apt-cache showsrc "$package" 2>/dev/null | awk '/^Version:/ {print $2}' | grep -E '^(5:)?8\.' | sort -V | tail -n 1 |
      sed -E 's/^[0-9]+://; s/\+dfsg[0-9]*//; s/-[^-]*$//')
    [ -n "$version" ] || { log "no $package 8.x source package in trixie"; exit 1; }
    missing=()
    for malloc in jemalloc libc; do have_build "$package-$version-$malloc" "$server" || missing+=("$malloc"); done
    if [ "${#missing[@]}" -eq 0 ]; then
      log "$package $version builds cached"
      continue
    fi
    # Only the upstream tarball is needed; the .dsc may 404 while the *.orig.tar.* still arrives.
    mkdir -p "$work/$package"
    (cd "$work/$package" && apt-get source --download-only -qq "$package/trixie" >/dev/null 2>&1 || true)
    tarball=$(find "$work/$package" -maxdepth 1 -name "${package}_*.orig.tar.*" | head -n 1)
    [ -n "$tarball" ] || { log "apt-get source $package/trixie fetched no upstream tarball"; exit 1; }
    for malloc in "${missing[@]}"; do
      log "building $package $version with MALLOC=$malloc (about a minute)"
      tree="$work/$package/$malloc"
      mkdir -p "$tree"
      tar -xf "$tarball" -C "$tree" --strip-components=1
      make_server "$tree" "$malloc"
      save_build "$package-$version-$malloc" "$tree/src/$server" "$package" "$version" "$malloc" \
        "upstream tarball of Debian trixie's source package $package"
      rm -rf "$tree"
    done
  done
fi

echo "$defrag_binary"
