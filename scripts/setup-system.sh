#!/usr/bin/env bash
# System packages the test suite and the benchmarks use: Chromium for the browser
# tests, nginx for the publishing tests, Hugo for the benchmark comparison.
# Installed from Debian's packages when missing (needs root, as in CI).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: install these system packages for the browser, server and benchmark tests: ${missing[*]}" >&2
    exit 0
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
