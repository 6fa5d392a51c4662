#!/usr/bin/env bash
# Installs the Debian packages scimcheck needs. Idempotent and quiet when everything is present.
#   tools/install-deps.sh          what building and running need (tools/run.sh)
#   tools/install-deps.sh --test   that, plus what only the tests need (tools/test.sh), and the
#                                  interop test's npm modules (npm ci in tests/interop)
#   --print                        (after the above) list the packages instead of installing
# valijson is header-only: its .deb is unpacked into third_party/ so that its Qt dependencies
# are not pulled in. One package group per line, each with what it is for.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
with_tests=0
print_only=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    --print) print_only=1 ;;
    *) echo "usage: tools/install-deps.sh [--test] [--print]" >&2; exit 2 ;;
  esac
done

pkgs=()
pkgs+=(g++ cmake ninja-build pkg-config)                    # compiler and build tools
pkgs+=(libcurl4-openssl-dev libssl-dev)                     # HTTP client and TLS
pkgs+=(libcpp-httplib-dev)                                  # reference server (linked as a shared library)
pkgs+=(nlohmann-json3-dev libpugixml-dev libcli11-dev)      # JSON, XML reports, command line
pkgs+=(libsimdjson-dev)                                     # fast validating JSON reader (the load's check of every read)
pkgs+=(libboost-dev)                                        # Boost.Beast and Asio: the load's plain-HTTP reads (headers only)
pkgs+=(libre2-dev)                                          # linear-time regular expressions (`matches` checks)
pkgs+=(dpkg-dev file)                                       # tools/package.sh: dpkg-shlibdeps computes Depends

test_pkgs=()
test_pkgs+=(libboost-test-dev)                              # unit tests (Boost.Test)
test_pkgs+=(python3)                                        # end-to-end tests
test_pkgs+=(openssl)                                        # the HTTPS test makes its certificate
test_pkgs+=(libxml2-utils)                                  # xmllint validates JUnit against its XSD
test_pkgs+=(chromium chromium-driver)                       # headless Chromium renders the HTML report
test_pkgs+=(clang libclang-rt-14-dev)                       # fuzzing (tools/fuzz.sh): clang with libFuzzer and its ASan/UBSan runtimes
test_pkgs+=(clang-tidy)                                     # lint.tidy (tools/tidy.sh): clang-tidy and run-clang-tidy
test_pkgs+=(lintian man-db zsh)                             # package test: lintian, man, zsh -n on the completion
if [ "$with_tests" = 1 ]; then
  pkgs+=("${test_pkgs[@]}")
  # Node.js may come from another source than Debian's (its npm included): ask for Debian's
  # only when the commands are missing. node and npm run the JUnit consumers and the
  # action.yml validator (tools/install-npm-tools.sh), and the interop test's SCIM server.
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

if [ "$print_only" = 1 ]; then
  printf '%s\n' "${pkgs[@]}"
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    apt_updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The interop test's SCIM server (tests/interop: SCIMMY under express, pinned by its
# package-lock.json) goes into tests/interop/node_modules; npm is asked only when the lock file
# changed since the last install, so a machine that has it needs no network.
if [ "$with_tests" = 1 ]; then
  interop="$here/tests/interop"
  stamp="$interop/node_modules/.scimcheck-lock-sha256"
  want=$(sha256sum "$interop/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "install-deps: npm ci in tests/interop"
    (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  fi
fi

vj="$here/third_party/valijson"
if [ ! -f "$vj/include/valijson/validator.hpp" ]; then
  echo "install-deps: unpacking valijson headers"
  apt_update
  tmp=$(mktemp -d); chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq libvalijson-dev >/dev/null)
  dpkg-deb -x "$tmp"/libvalijson-dev_*.deb "$tmp/x"
  mkdir -p "$vj"
  rm -rf "$vj/include"
  cp -r "$tmp/x/usr/include" "$vj/include"
  rm -rf "$tmp"
fi
