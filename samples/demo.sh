#!/bin/bash
# samples/demo.sh BUILD - the main job on the bundled sample books.
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
D=demo-workspace
rm -rf "$D"
"$B/hocba" init "$D"
echo "demo: workspace in $D"

# 1. The sample books: synthetic scans of học bạ, each beside its ground
#    truth (samples/books/README.md says how they were made).  samples/gen
#    makes more, deterministically; two fresh ones show it.
echo "demo: sample books in samples/books/ (synthetic, typical scan level):"
for b in samples/books/book-*; do
    case $b in *.xml) continue ;; esac
    n=$(basename "$b")
    n=${n%.*}
    echo "  $b  ($(ls samples/books/"$n".xml samples/books/"$n"-*.xml 2>/dev/null | wc -l) truth XML)"
done
"$B/gen" --seed 2025 --count 2 --quiet --out "$D/generated-books"
echo "demo: 2 more books generated into $D/generated-books/ (samples/gen --help)"
