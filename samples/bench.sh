#!/bin/bash
# samples/bench.sh BUILD - speed and accuracy on generated books.
set -eu
echo "bench: nothing to measure yet"
