#!/usr/bin/env bash
# Renders one main view of the real vdc-console (embedded engine, demo on
# libvirt's test driver) under Xvfb to a PNG and checks the file is one.
#   render-view.sh CONSOLE VIEW OUTPUT_DIR
set -euo pipefail
console=$1 view=$2 out=$3
mkdir -p "$out"
png="$out/console-$view.png"
rm -f "$png"
xvfb-run -a -s "-screen 0 1600x1000x24" "$console" --demo-hosts test --screenshot "$png" --screenshot-view "$view"
[ -s "$png" ] || { echo "render-view: no screenshot written for $view" >&2; exit 1; }
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  { echo "render-view: $png is not a PNG" >&2; exit 1; }
[ "$(stat -c %s "$png")" -gt 20000 ] || { echo "render-view: $png is too small to show the $view view" >&2; exit 1; }
echo "render-view: $png ($(stat -c %s "$png") bytes)"
