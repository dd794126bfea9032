#!/usr/bin/env bash
# Installs what vdc needs to build, test and run, from Debian 12's packages.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config git
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6opengl6-dev libqt6sql6-sqlite libxkbcommon-dev libgl-dev
  cppzmq-dev libzmq3-dev libvirt-dev libsqlite3-dev libprotobuf-dev protobuf-compiler libical-dev
  # run: libvirt with QEMU/KVM, namespaces for several hosts on one machine
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 util-linux iproute2 tzdata
  # tests: an X server for widget screenshots
  xvfb xauth
  # tests: nasm assembles the counter guest that proves a migrated guest's memory moved
  nasm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
