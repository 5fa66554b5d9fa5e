#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests, tmux for terminal tests.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "chromium: $(chromium --version 2>/dev/null || echo missing)"
