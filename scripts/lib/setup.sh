# shellcheck shell=bash
# Set-up shared by scripts/run and scripts/test: installs only what is missing, so a second run
# takes seconds. Sourced, not executed. Everything comes from Debian's archive (binary and source
# packages) and the npm registry; nothing else is reachable on our machines.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
THIRD_PARTY="$ROOT/third_party"          # git-ignored cache of Debian source packages and builds
APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git python3
  emscripten                  # emcc 3.1.6 (clang-14, binaryen) for the WebAssembly build
  doctest-dev nlohmann-json3-dev
  libsdl2-dev                 # native SDL2 (headers for tooling; the web build uses our wasm SDL2)
  fonts-dejavu-core           # the UI font, embedded at build time
  fonttools                   # pyftsubset: the font is cut to the glyphs the app draws
  chromium                    # browser tests (Playwright drives /usr/bin/chromium)
  dpkg-dev                    # apt-get source needs dpkg-source to unpack
  clang-14 libclang-rt-14-dev # libFuzzer and sanitizers for the fuzz target
)
IMGUI_VERSION=1.86
SDL2_VERSION=2.26.5

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt_updated=1
  fi
}

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them"
  apt_update_once
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# Debian ships imgui and SDL2 as source packages only for what WebAssembly needs; we unpack them
# into third_party/ once. The deb-src entry is added here because a fresh machine has none.
ensure_deb_src() {
  local f=/etc/apt/sources.list.d/insideout-debian-src.sources
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    log "adding a deb-src entry ($f)"
    cat > "$f" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
}

fetch_source_package() { # name, unpacked-dir-name
  local name=$1 dir=$2
  [ -d "$THIRD_PARTY/$dir" ] && return 0
  ensure_deb_src
  apt_update_once
  mkdir -p "$THIRD_PARTY/src"
  log "fetching Debian source package $name"
  (cd "$THIRD_PARTY/src" && apt-get source --download-only -qq "$name" >/dev/null) || die "apt-get source $name failed"
  local orig
  orig=$(ls "$THIRD_PARTY"/src/"${name}"_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -1)
  [ -n "$orig" ] || die "no upstream tarball for $name in $THIRD_PARTY/src"
  local tmp="$THIRD_PARTY/tmp-$name"
  rm -rf "$tmp" && mkdir -p "$tmp"
  tar -xf "$orig" -C "$tmp"
  local top
  top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ -n "$top" ] || die "unexpected layout in $orig"
  mv "$top" "$THIRD_PARTY/$dir" && rm -rf "$tmp"
}

ensure_imgui_source() { fetch_source_package imgui "imgui"; [ -f "$THIRD_PARTY/imgui/imgui.cpp" ] || die "imgui source incomplete"; }
ensure_sdl2_source() { fetch_source_package libsdl2 "SDL2"; [ -f "$THIRD_PARTY/SDL2/CMakeLists.txt" ] || die "SDL2 source incomplete"; }

# SDL2 for WebAssembly, built once with SDL's own CMake (Emscripten's port cannot download here).
# The build is also kept in a machine-wide cache, so a fresh clone on the same machine (CI's)
# restores it in a second instead of spending minutes rebuilding it.
MACHINE_CACHE="${INSIDEOUT_MACHINE_CACHE:-/var/cache/insideout}"
ensure_sdl2_wasm() {
  local prefix="$THIRD_PARTY/sdl2-wasm"
  local cached="$MACHINE_CACHE/sdl2-wasm-$SDL2_VERSION-emcc-$(emcc -dumpversion 2>/dev/null)"
  [ -f "$prefix/lib/libSDL2.a" ] && return 0
  if [ -f "$cached/lib/libSDL2.a" ]; then
    log "restoring SDL2 for WebAssembly from $cached"
    mkdir -p "$THIRD_PARTY" && cp -a "$cached" "$prefix" && return 0
  fi
  ensure_sdl2_source
  log "building SDL2 $SDL2_VERSION for WebAssembly (once, about 2 minutes)"
  local b="$THIRD_PARTY/build-sdl2-wasm"
  rm -rf "$b"
  emcmake cmake -S "$THIRD_PARTY/SDL2" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >"$THIRD_PARTY/sdl2-wasm.log" 2>&1 \
    && cmake --build "$b" >>"$THIRD_PARTY/sdl2-wasm.log" 2>&1 \
    && cmake --install "$b" >>"$THIRD_PARTY/sdl2-wasm.log" 2>&1 \
    || die "SDL2 wasm build failed; see $THIRD_PARTY/sdl2-wasm.log"
  rm -rf "$b"
  if mkdir -p "$MACHINE_CACHE" 2>/dev/null; then rm -rf "$cached" && cp -a "$prefix" "$cached"; fi
}

# emcc must not see /usr/include (glibc headers break libc++), so header-only Debian libraries
# are exposed through a folder of links.
ensure_wasm_includes() {
  local d="$THIRD_PARTY/wasm-include"
  mkdir -p "$d"
  [ -e "$d/nlohmann" ] || ln -s /usr/include/nlohmann "$d/nlohmann"
  [ -e "$d/doctest" ] || ln -s /usr/include/doctest "$d/doctest"
}

ensure_npm_packages() {
  if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -d "$ROOT/node_modules/ajv" ]; then
    log "npm ci (playwright-core, ajv)"
    (cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || die "npm ci failed"
  fi
}

# Debian's node module folder holds acorn and friends that emcc's JS optimizer needs; the
# machine's node (a nodesource build) does not look there by itself.
export NODE_PATH=/usr/share/nodejs
# ccache's default, machine-wide folder: a fresh clone (CI's) reuses what earlier builds compiled.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

setup_web() { ensure_apt_packages; ensure_imgui_source; ensure_sdl2_wasm; ensure_wasm_includes; }

# Configures a CMake preset the first time; afterwards Ninja re-runs CMake by itself when a
# CMakeLists.txt changes, so the common case costs nothing.
configure_preset() {
  local preset=$1
  mkdir -p "$ROOT/build"
  if [ ! -f "$ROOT/build/$preset/build.ninja" ]; then
    log "configuring preset $preset"
    (cd "$ROOT" && cmake --preset "$preset" >"$ROOT/build/configure-$preset.log" 2>&1) \
      || { cat "$ROOT/build/configure-$preset.log" >&2; die "cmake --preset $preset failed"; }
  fi
}

build_preset() {
  local preset=$1
  configure_preset "$preset"
  log "building preset $preset"
  (cd "$ROOT" && cmake --build "build/$preset") || die "build of preset $preset failed"
}
