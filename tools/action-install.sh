#!/usr/bin/env bash
# Step of action.yml: installs scimcheck on the runner. Downloads, with gh, the .deb attached
# to the release tagged $SCIMCHECK_VERSION (default: the ref the action is used at) and
# installs it with apt, which brings its Depends. With version `build`, or when that release
# has no .deb (the action used at a branch or a commit), builds the package from the action's
# own source with tools/package.sh and installs that.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
version=${SCIMCHECK_VERSION:-${SCIMCHECK_ACTION_REF:-}}
tmp=$(mktemp -d)
deb=
if [ -n "$version" ] && [ "$version" != build ] && [ -n "${SCIMCHECK_ACTION_REPOSITORY:-}" ]; then
  if gh release download "$version" --repo "$SCIMCHECK_ACTION_REPOSITORY" \
       --pattern "scimcheck_*_$(dpkg --print-architecture).deb" --dir "$tmp" 2>/dev/null; then
    deb=$(ls "$tmp"/*.deb)
  else
    echo "scimcheck: release $version has no .deb; building it from source" >&2
  fi
fi
if [ -z "$deb" ]; then
  "$root/tools/package.sh"
  deb=$(ls "$root"/build/packages/*.deb)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$deb"
scimcheck --version
