#!/usr/bin/env bash
# The test command: sets up a fresh Debian 12 machine (packages), builds with
# warnings as errors and runs every test. The tests start the daemons they
# need themselves (the libvirtd rig through a CTest fixture, vdc-monitor,
# vdc-agent and vdc-opsd as processes). Run as root: libvirtd, namespaces.
#
#   bash tests/run-tests.sh [ctest arguments, e.g. -L unit]
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci "$@"
