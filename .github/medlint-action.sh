#!/usr/bin/env bash
# The audit step of action.yml, kept in a file so that tests can run it outside GitHub.
# Inputs come from MEDLINT_* variables (never pasted into the script: no injection).
set -uo pipefail

formats="${MEDLINT_FORMATS:-sarif,json,html}"
out="${MEDLINT_OUTPUT_DIR:-medlint-report}"
case ",$formats," in *,github,*) ;; *) formats="$formats,github" ;; esac
case ",$formats," in *,markdown,*) ;; *) formats="$formats,markdown" ;; esac

args=(audit)
read -r -a paths <<< "${MEDLINT_PATHS:-.}"
args+=("${paths[@]}" --format "$formats" --output-dir "$out")
[ -n "${MEDLINT_FAIL_ON:-}" ] && args+=(--fail-on "$MEDLINT_FAIL_ON")
[ -n "${MEDLINT_BASELINE:-}" ] && args+=(--baseline "$MEDLINT_BASELINE")
[ -n "${MEDLINT_CHANGED_SINCE:-}" ] && args+=(--changed-since "$MEDLINT_CHANGED_SINCE")
[ -n "${MEDLINT_CONFIG:-}" ] && args+=(--config "$MEDLINT_CONFIG")

"${MEDLINT:-medlint}" "${args[@]}"
code=$?

# Annotations on the pull request, the summary on the run page.
[ -f "$out/medlint.github.txt" ] && cat "$out/medlint.github.txt"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/medlint.md" ]; then
  cat "$out/medlint.md" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >> "$GITHUB_OUTPUT"
  [ -f "$out/medlint.sarif" ] && echo "sarif-file=$out/medlint.sarif" >> "$GITHUB_OUTPUT"
fi
exit "$code"
