#!/usr/bin/env bash
# Installs the npm programs the JUnit consumer test drives (junit-report-merger and
# xunit-viewer, pinned) into .cache/npm-tools/ of the work tree (git-ignored), or into
# $SCIMCHECK_NPM_TOOLS. Quiet and quick when they are already there. Needs node and npm
# (tools/install-deps.sh installs them); fails loudly when the npm registry cannot be reached.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SCIMCHECK_NPM_TOOLS:-$root/.cache/npm-tools}
pkgs=(junit-report-merger@9.0.4 xunit-viewer@10.6.1)
# action.yml's schema check (tests/e2e/action_test.py)
pkgs+=(@action-validator/cli@0.6.0 @action-validator/core@0.6.0)

have() {
  local p name version
  for p in "${pkgs[@]}"; do
    name=${p%@*}
    version=${p##*@}
    [ -f "$dir/node_modules/$name/package.json" ] || return 1
    node -e 'const p=require(process.argv[1]); process.exit(p.version===process.argv[2]?0:1)' \
      "$dir/node_modules/$name/package.json" "$version" || return 1
  done
}

if ! have; then
  echo "install-npm-tools: installing ${pkgs[*]} into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${pkgs[@]}" >&2
  have || { echo "install-npm-tools: install did not produce ${pkgs[*]}" >&2; exit 1; }
fi
echo "$dir"
