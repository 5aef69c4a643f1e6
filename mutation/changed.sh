#!/bin/sh
# Mutation-tests only the components/, stacks/ and policy/ files that differ from a base ref
# (default main; set BASE=<ref>), with the incremental file reused. Run from the repository root
# through `npm run mutation:changed`.
set -eu
base="${BASE:-main}"
files=$(git diff --name-only "$base" -- 'components/*.ts' 'stacks/*.ts' 'policy/*.ts' | paste -sd, -)
if [ -z "$files" ]; then
  echo "mutation: no components/, stacks/ or policy/ file differs from $base"
  exit 0
fi
echo "mutation: $files"
STRYKER_MUTATE="$files" exec npm run --prefix mutation stryker
