#!/bin/sh
# Mutation-tests the components/, stacks/ and policy/ files that differ from a base ref (default
# main; set BASE=<ref>), one file at a time against the test files that import it (a focused run:
# minutes instead of hours; mutants only other tests would kill count as survived). Each file keeps
# its reports and incremental results in reports/mutation/<dir>-<name>/, so a second run re-tests
# only what changed. The config layer (stacks/schema*.ts, config*.ts, secret-config.ts) is tested
# through loadStackConfig, so its files also get every test under test/stacks/. FULL_SPEC=1 runs
# every file against the whole suite instead; FILES="a.ts b.ts" names the files instead of asking
# git, FILES=all names every file Stryker mutates. STRYKER_BREAK=<score> (mutation/stryker.config.mjs)
# makes a file under that score fail the run; every file is still run. Run from the repository root
# through `npm run mutation:changed`.
set -eu
base="${BASE:-main}"
if [ "${FILES:-}" = all ]; then
  files=$(ls components/*.ts stacks/*.ts policy/*.ts | grep -v '^policy/index\.ts$')
elif [ -n "${FILES:-}" ]; then
  files="$FILES"
else
  files=$(git diff --name-only "$base" -- 'components/*.ts' 'stacks/*.ts' 'policy/*.ts' | grep -v '^policy/index\.ts$' || true)
fi
if [ -z "$files" ]; then
  echo "mutation: no components/, stacks/ or policy/ file differs from $base"
  exit 0
fi
status=0
for file in $files; do
  [ -f "$file" ] || continue
  name="$(basename "$(dirname "$file")")-$(basename "$file" .ts)"
  module="$(dirname "$file")/$(basename "$file" .ts)"
  spec=""
  if [ -z "${FULL_SPEC:-}" ]; then
    spec=$(grep -rlE "[\"/]$module\"" test --include='*.test.ts' | sort | paste -sd, -)
    case "$file" in
      stacks/schema*.ts | stacks/config*.ts | stacks/secret-config.ts) spec="${spec:+$spec,}test/stacks/**/*.test.ts" ;;
    esac
  fi
  echo "mutation: $file against ${spec:-the whole suite}"
  STRYKER_MUTATE="$file" STRYKER_SPEC="$spec" STRYKER_REPORT_DIR="reports/mutation/$name" \
    npm run --prefix mutation stryker || { status=$?; failed="${failed:-}${failed:+ }$file"; }
done
[ -z "${failed:-}" ] || echo "mutation: failed or under STRYKER_BREAK: $failed"
exit $status
