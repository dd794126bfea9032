#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds vdc and opens the
# console on an embedded demo data center: three hosts, each a real
# vdc-monitor and vdc-agent, with partitions already running.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
cmake --preset dev
cmake --build --preset dev -j "$(nproc)"
exec build/dev/console/gui/vdc-console "$@"
