#!/usr/bin/env bash
# Installs the Debian packages scimcheck needs to build and test. Idempotent and quiet when
# everything is present. valijson is header-only: its .deb is unpacked into third_party/
# so that its Qt dependencies are not pulled in.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

pkgs=(g++ cmake ninja-build pkg-config libboost-test-dev libcurl4-openssl-dev
      nlohmann-json3-dev libpugixml-dev libcpp-httplib-dev libcli11-dev libssl-dev python3
      openssl)  # openssl: the HTTPS test makes its certificate with it
# Report tests: xmllint validates JUnit against schemas/junit/junit.xsd; node and npm run the
# JUnit consumers (tools/install-npm-tools.sh); headless Chromium renders the HTML report.
pkgs+=(libxml2-utils chromium chromium-driver)
# Fuzzing (tools/fuzz.sh, test only): clang with libFuzzer and the ASan/UBSan runtimes for clang 14.
pkgs+=(clang libclang-rt-14-dev)
# Node.js may come from another source than Debian's (its npm included): ask for Debian's
# only when the commands are missing.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

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
