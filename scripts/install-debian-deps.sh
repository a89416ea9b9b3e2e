#!/usr/bin/env bash
# Debian packages the toolchain (python3-venv), its test, the lab, the image build and the e2e tests (nginx: a
# reverse proxy) need.
# Idempotent.
set -euo pipefail
packages=(docker.io openssh-server openssh-client iproute2 iptables debootstrap docker-registry
  openssl curl jq procps nginx python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The distribution's services must not start on their own: the lab runs its own daemons.
for svc in docker docker.socket containerd ssh docker-registry nginx; do
  systemctl disable --now "$svc" >/dev/null 2>&1 || true
done
