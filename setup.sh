#!/usr/bin/env bash
# Installs what pith needs to build and test (Debian/Ubuntu), builds it in
# build/ (Release) and runs it on a bundled page.
#
#   ./setup.sh             install, build, run pith on a bundled page
#   ./setup.sh --deps-only install the packages only
#   ./setup.sh --no-deps   build and run, without touching the packages
set -euo pipefail

# libunistring: Unicode normalisation (NFC) of the extracted text;
# libmicrohttpd: `pith serve` and the loopback server of the fetcher
# tests; brotli and zstd: compressed WARC payloads; libexttextcat (with its
# language models in libexttextcat-data): the language of pages that do not
# declare one; libuchardet: the charset of pages that declare none;
# python3-distributed: the Dask driver and its test; python3-sklearn:
# retraining the debris model (bench/debris_model, checked by a test);
# clang: the libFuzzer targets; groff-base and man-db: the test that renders
# the man pages; python3-pytest, python3-scrapy, python3-setuptools,
# python3-pip and python3-venv: the Python binding (bindings/python), its
# Scrapy pipeline, their tests and `pip install` of it.
PACKAGES=(build-essential cmake pkg-config libxml2-dev libcurl4-openssl-dev
          libjson-c-dev libcmocka-dev zlib1g-dev libbrotli-dev libzstd-dev
          libexttextcat-dev libexttextcat-data libuchardet-dev libunistring-dev
          libmicrohttpd-dev python3 python3-distributed python3-sklearn clang
          python3-pytest python3-scrapy python3-setuptools python3-pip
          python3-venv
          ca-certificates groff-base man-db)
# libFuzzer's runtime for fuzz/run.sh: its own package from Debian 12 on.
apt-cache show libclang-rt-14-dev >/dev/null 2>&1 &&
  PACKAGES+=(libclang-rt-14-dev)
DEMO_PAGE=fixtures/nav-header-footer-aside.html

cd "$(dirname "$0")"

install_deps() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
        grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup: all packages already installed"
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y \
    --no-install-recommends "${PACKAGES[@]}"
}

build_and_run() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  cmake --build build -j"$(nproc)"
  echo
  echo "\$ build/pith extract $DEMO_PAGE"
  build/pith extract "$DEMO_PAGE"
}

case "${1:-}" in
  --deps-only) install_deps ;;
  --no-deps) build_and_run ;;
  "") install_deps; build_and_run ;;
  *) echo "usage: $0 [--deps-only | --no-deps]" >&2; exit 2 ;;
esac
