#!/usr/bin/env bash
# Fails, naming the files, when any C source or header in the tree differs from
# what clang-format makes of it with the repository's .clang-format.
#   check_format.sh CLANG_FORMAT SOURCE_DIR
set -euo pipefail
clang_format=$1
cd "$2"
mapfile -t files < <(find include pipeline stages tests -name '*.[ch]' -not -path '*/corpus/*' | sort)
bad=()
for f in "${files[@]}"; do
    if ! "$clang_format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
    fi
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "not formatted (run: clang-format -i FILE): ${bad[*]}"
    exit 1
fi
echo "checked ${#files[@]} files: all formatted"
