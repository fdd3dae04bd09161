#!/bin/bash
# samples/demo.sh BUILD - the main job on the bundled sample books.
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
D=demo-workspace
rm -rf "$D"
"$B/hocba" init "$D"
echo "demo: workspace in $D"
