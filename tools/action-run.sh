#!/usr/bin/env bash
# Step of action.yml: runs `scimcheck run` with the action's inputs (INPUT_* variables), writes
# its exit code to $GITHUB_OUTPUT and appends report.md to $GITHUB_STEP_SUMMARY. Exits 0 so
# that the reports are uploaded first; the action's last step fails with the exit code.
set -uo pipefail
formats=${INPUT_FORMATS:-junit,html,md}
case ",$formats," in *,md,*) ;; *) formats="$formats,md" ;; esac
argv=(run --profile "$INPUT_PROFILE" --out "$INPUT_OUT" --format "$formats")
[ -n "${INPUT_URL:-}" ] && argv+=(--url "$INPUT_URL")
[ -n "${INPUT_BASELINE:-}" ] && argv+=(--baseline "$INPUT_BASELINE")
read -r -a extra <<<"${INPUT_ARGS:-}"
scimcheck "${argv[@]}" "${extra[@]}"
code=$?
echo "exit-code=$code" >>"$GITHUB_OUTPUT"
if [ -f "$INPUT_OUT/report.md" ]; then
  cat "$INPUT_OUT/report.md" >>"$GITHUB_STEP_SUMMARY"
else
  echo "scimcheck exited with $code and wrote no report.md" >>"$GITHUB_STEP_SUMMARY"
fi
exit 0
