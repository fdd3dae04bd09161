#!/bin/bash
# test_load.sh - the load test (tests/load/run.sh) for 20 s: 20 reviewers
# and 2 workers on one workspace, loopback only; no 5xx, no lost or
# doubled write.  The 5-minute run is `tests/load/run.sh 300`.
# Cost: about 35 s (20 s of load, accounts, server start and stop).
command -v node >/dev/null || bash "$SRC/tests/browser/setup.sh" --node-only >/dev/null 2>&1
LOAD_SECONDS=${LOAD_SECONDS:-20} . "$SRC/tests/load/run.sh"
