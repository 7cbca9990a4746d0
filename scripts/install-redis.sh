#!/usr/bin/env bash
# Installs the servers the test bench runs, on Debian or Ubuntu:
#   - the machine's own redis-server package (Debian's links the system jemalloc and refuses activedefrag);
#   - servers built from Debian's source packages, each from the suite named in BUILDS below, never from
#     whatever else the machine's apt lists carry.
# Source packages are looked up through a private apt configuration in a temporary folder (its own source
# list, package lists and cache), so the machine's apt configuration is read by nothing here and left as it was
# found. Only binary packages the builds need (compiler, libjemalloc-dev…) are installed through the machine's
# apt. Each build's version is read from its suite, checked against the built binary's --version, and cached
# outside the clone ($REDIS_BUILD_CACHE, default ~/.cache/redis-memory-checker), one folder each with a
# build.json that the tests read. A cached build whose binary does not report its label's version is rebuilt.
#   bash scripts/install-redis.sh          everything the tests use (about 30 minutes on 2 cores, once)
#   bash scripts/install-redis.sh --demo   only what `npm run demo` uses (about 4 minutes on 2 cores)
#   bash scripts/install-redis.sh --plan   print each build's suite, version and folder; build nothing
#   bash scripts/install-redis.sh --verify check each cached build's --version against its label
# Prints the defrag-capable Redis 7.0 binary's path on its last line (not with --plan or --verify).
set -euo pipefail
MODE=all
for arg in "$@"; do
  case "$arg" in
    --demo) MODE=demo ;;
    --plan) MODE=plan ;;
    --verify) MODE=verify ;;
    *) echo "usage: bash scripts/install-redis.sh [--demo|--plan|--verify]" >&2; exit 64 ;;
  esac
done

# package  suite         allocator        demo  (allocator: jemalloc = the bundled one, defrag-capable;
#                                                 system-jemalloc = Debian's packaging, its patches applied)
BUILDS="
redis      bookworm      jemalloc         yes
redis      trixie        jemalloc         no
redis      trixie        libc             no
valkey     trixie        jemalloc         no
valkey     trixie        libc             no
redis      experimental  jemalloc         no
valkey     sid           jemalloc         no
valkey     sid           system-jemalloc  no
"
DEBIAN_URI=http://deb.debian.org/debian
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

CACHE_DIR="${REDIS_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redis-memory-checker}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
log() { echo "[install-redis] $*" >&2; }
die() { log "$*"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

machine_apt_updated=0
machine_install() { # packages: through the machine's own apt (installing packages changes no configuration)
  if [ "$machine_apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq >&2
    machine_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >"$work/apt-install.log" 2>&1 ||
    { cat "$work/apt-install.log" >&2; die "apt-get install $* failed"; }
}

# --- a private apt configuration per archive: deb-src entries only, lists and cache in $work ---------------
# A suite's packages come from its archive and, for a stable suite, also from its security archive; each is
# read through its own configuration so that a download can be retried from the other (mirrors may lack one).
archives_of() { # suite -> its archives, "uri suite" a line
  echo "$DEBIAN_URI $1"
  case "$1" in sid | experimental | unstable) ;; *) echo "${DEBIAN_URI}-security $1-security" ;; esac
}
archive_apt() { # uri suite -> apt's -o options for that archive alone (the machine's lists and APT_CONFIG overridden)
  local dir="$work/apt/${2}_$(printf '%s' "$1" | tr -c 'A-Za-z0-9' _)"
  printf '%s\n' -o "Dir::Etc::SourceList=$work/apt/empty.list" -o "Dir::Etc::SourceParts=$dir/parts" \
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o "Dir::Etc::Preferences=$work/apt/empty.list" \
    -o "Dir::Etc::PreferencesParts=$work/apt/none" -o Acquire::Languages=none -o Debug::NoLocking=1 \
    -o APT::Sandbox::User=root
  if [ ! -d "$dir/lists" ]; then
    mkdir -p "$dir/parts" "$dir/lists/partial" "$dir/cache/archives/partial" "$work/apt/none"
    : >"$work/apt/empty.list"
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' "$1" "$2" "$DEBIAN_KEYRING" \
      >"$dir/parts/redis-memory-checker.sources"
  fi
}
archive_ready() { # uri suite: reads its lists once
  local dir="$work/apt/${2}_$(printf '%s' "$1" | tr -c 'A-Za-z0-9' _)"
  mapfile -t opts < <(archive_apt "$1" "$2")
  [ -f "$dir/updated" ] && return 0
  apt-get "${opts[@]}" update -qq >"$dir.update.log" 2>&1 || { cat "$dir.update.log" >&2; die "could not read $1 $2's source lists"; }
  touch "$dir/updated"
}
suite_version() { # package suite -> the newest Debian version of the package across the suite's archives
  local uri suite
  while read -r uri suite; do
    archive_ready "$uri" "$suite"
    mapfile -t opts < <(archive_apt "$uri" "$suite")
    apt-cache "${opts[@]}" showsrc "$1" 2>/dev/null | awk -v p="$1" '/^Package:/ {ok = ($2 == p)} ok && /^Version:/ {print $2}'
  done < <(archives_of "$2") | sort -V | tail -n 1
}
download_source() { # package version suite dir: the .dsc and its files, from whichever of the suite's archives has them
  local uri suite
  while read -r uri suite; do
    mapfile -t opts < <(archive_apt "$uri" "$suite")
    (cd "$4" && apt-get "${opts[@]}" source --download-only -qq "$1=$2" >/dev/null 2>>"$4/download.log") && return 0
  done < <(archives_of "$3")
  return 1
}
upstream_of() { printf '%s' "$1" | sed -E 's/^[0-9]+://; s/[+~]dfsg[0-9.]*//; s/-[^-]*$//'; }
binary_version() { "$1" --version 2>/dev/null | sed -nE 's/.* v=([0-9][0-9.]*).*/\1/p'; }

# --- one cached build ------------------------------------------------------------------------------------
have_build() { # folder server version
  [ -f "$CACHE_DIR/$1/build.json" ] && [ -x "$CACHE_DIR/$1/$2" ] && [ "$(binary_version "$CACHE_DIR/$1/$2")" = "$3" ]
}
save_build() { # folder binary engine version allocator jemalloc source
  local reported
  reported=$(binary_version "$2")
  [ "$reported" = "$4" ] || die "$1: the built binary reports v=$reported, but its source package is $4"
  mkdir -p "$CACHE_DIR/$1"
  cp "$2" "$CACHE_DIR/$1/$(basename "$2").tmp"
  mv "$CACHE_DIR/$1/$(basename "$2").tmp" "$CACHE_DIR/$1/$(basename "$2")"
  printf '{"engine":"%s","version":"%s","allocator":"%s","jemalloc":"%s","binary":"%s","source":"%s"}\n' \
    "$3" "$4" "$5" "$6" "$(basename "$2")" "$7" >"$CACHE_DIR/$1/build.json"
  log "built $1: $("$CACHE_DIR/$1/$(basename "$2")" --version)"
}
make_server() { # tree make-arguments...
  local tree=$1
  shift
  local started=$SECONDS
  make -C "$tree" -j"$(nproc)" BUILD_TLS=no "$@" >"$tree/build.log" 2>&1 || {
    tail -n 40 "$tree/build.log" >&2
    die "make failed in $tree"
  }
  log "make took $((SECONDS - started)) s on $(nproc) cores"
}

# Everything a build needs that a fresh Debian or Ubuntu machine may lack, in one apt call.
ensure_tools() {
  local need=()
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  command -v dpkg-source >/dev/null 2>&1 || need+=(dpkg-dev)
  command -v make >/dev/null 2>&1 || need+=(build-essential)
  command -v patch >/dev/null 2>&1 || need+=(patch)
  command -v xz >/dev/null 2>&1 || need+=(xz-utils)
  [ -r "$DEBIAN_KEYRING" ] || need+=(debian-archive-keyring)
  if [ "$MODE" = all ] && ! dpkg-query -W -f='${Status}' libjemalloc-dev 2>/dev/null | grep -q 'ok installed'; then
    need+=(libjemalloc-dev)
  fi
  if [ "${#need[@]}" -gt 0 ]; then
    log "installing ${need[*]}"
    machine_install "${need[@]}"
  fi
}
# Debian's package starts a service on 6379; the tests never use a fixed port, so it may keep running.

build_one() { # package suite allocator version(debian) upstream folder
  local package=$1 suite=$2 allocator=$3 version=$4 upstream=$5 folder=$6
  local server="$package-server" engine=$package dir="$work/src/$package-$suite"
  if [ -z "$(find "$dir" -maxdepth 1 -name "${package}_*.dsc" 2>/dev/null)" ]; then
    mkdir -p "$dir"
    download_source "$package" "$version" "$suite" "$dir" || true
  fi
  local dsc orig
  dsc=$(find "$dir" -maxdepth 1 -name "${package}_*.dsc" | head -n 1)
  orig=$(find "$dir" -maxdepth 1 -name "${package}_*.orig.tar.*" ! -name '*.asc' | head -n 1)
  local tree="$work/build/$folder" args=() jemalloc=bundled malloc=jemalloc patched=no
  case "$allocator" in
    # Upstream's source as Debian ships it (its .orig tarball), without Debian's patches: with Redis's bundled
    # jemalloc (defrag-capable), or with libc's malloc.
    jemalloc) args=(MALLOC=jemalloc) ;;
    libc) args=(MALLOC=libc); malloc=libc; jemalloc=none ;;
    # As debian/rules builds the package (less systemd): Debian's patches, the system's libjemalloc.
    system-jemalloc) args=(USE_SYSTEM_JEMALLOC=yes USE_JEMALLOC=yes); jemalloc=system; patched=yes ;;
  esac
  rm -rf "$tree"
  mkdir -p "$tree"
  if [ "$patched" = yes ]; then
    [ -n "$dsc" ] || { cat "$dir/download.log" >&2; die "Debian $suite's $package $version: no .dsc in any archive, so no patches"; }
    rmdir "$tree"
    dpkg-source --no-check -x "$dsc" "$tree" >/dev/null 2>"$dir/unpack.log" ||
      { cat "$dir/unpack.log" >&2; die "dpkg-source could not unpack $dsc"; }
  else
    # Mirrors sometimes serve a version's .orig tarball but not its .dsc: the tarball is all this build needs.
    [ -n "$orig" ] || { cat "$dir/download.log" >&2; die "Debian $suite's $package $version: no source tarball in any archive"; }
    tar -xf "$orig" -C "$tree" --strip-components=1
  fi
  log "building $folder from Debian $suite's $package $version (about 4 minutes on 2 cores)"
  make_server "$tree" "${args[@]}"
  save_build "$folder" "$tree/src/$server" "$engine" "$upstream" "$malloc" "$jemalloc" \
    "Debian $suite source package $package $version, $allocator$([ "$jemalloc" = system ] && echo ", Debian's patches applied")"
  rm -rf "$tree"
}

if [ "$MODE" = verify ]; then
  # Every cached build: its binary must report the version its folder and build.json are labelled with.
  failed=0
  for meta in "$CACHE_DIR"/*/build.json; do
    [ -f "$meta" ] || continue
    dir=$(dirname "$meta")
    label=$(sed -nE 's/.*"version":"([^"]+)".*/\1/p' "$meta")
    binary=$(sed -nE 's/.*"binary":"([^"]+)".*/\1/p' "$meta")
    reported=$(binary_version "$dir/$binary")
    if [ -n "$label" ] && [ "$reported" = "$label" ] && [[ "$(basename "$dir")" == *-"$label"-* ]]; then
      echo "ok $(basename "$dir") reports v=$reported"
    else
      echo "MISMATCH $(basename "$dir"): labelled ${label:-nothing}, reports v=${reported:-nothing}"
      failed=1
    fi
  done
  exit "$failed"
fi
[ "$MODE" = plan ] || ensure_tools
defrag_binary=""
while read -r package suite allocator demo; do
  [ -n "$package" ] || continue
  [ "$MODE" = demo ] && [ "$demo" != yes ] && continue
  version=$(suite_version "$package" "$suite")
  [ -n "$version" ] || die "Debian $suite has no $package source package"
  upstream=$(upstream_of "$version")
  folder="$package-$upstream-$allocator"
  if [ "$MODE" = plan ]; then
    echo "$package $suite $version $folder"
    continue
  fi
  if have_build "$folder" "$package-server" "$upstream"; then
    log "$folder cached (Debian $suite's $package $version)"
  else
    build_one "$package" "$suite" "$allocator" "$version" "$upstream" "$folder"
  fi
  if [ "$package-$suite-$allocator" = redis-bookworm-jemalloc ]; then defrag_binary="$CACHE_DIR/$folder/redis-server"; fi
done <<<"$BUILDS"

[ "$MODE" = plan ] || echo "$defrag_binary"
