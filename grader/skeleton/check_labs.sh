#!/usr/bin/env bash
# check_labs.sh TOOL SOURCE_DIR SCRATCH_DIR
# Regenerates the skeleton into SCRATCH_DIR and compares it with the
# committed labs/. Exit 77 (a CTest skip) in a student copy without solutions/.
set -euo pipefail
tool="$1" source="$2" scratch="$3"
if [[ ! -d "$source/solutions" ]]; then
  echo "SKIP: this copy has no solutions/ (a student copy); nothing to compare labs/ with"
  exit 77
fi
rm -rf "$scratch"
"$tool" "$source/solutions" "$scratch"
if ! diff -ru "$source/labs" "$scratch"; then
  echo "labs/ differs from what solutions/ generates (diff above: committed labs/ vs generated)."
  echo "Run ./track skeleton to regenerate labs/, then commit it."
  exit 1
fi
echo "labs/ matches the skeleton generated from solutions/"
