#!/usr/bin/env bash
# Postgres (127.0.0.1:5432, trust, database `test`) and Redis (127.0.0.1:6379) are started by
# this kind of machine before CI; start them here only if they are not answering.
set -uo pipefail
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! up 5432 && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if ! up 6379 && command -v redis-server >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
for i in $(seq 1 20); do up 5432 && up 6379 && break; sleep 0.5; done
up 5432 && echo "postgres: up" || echo "postgres: DOWN"
up 6379 && echo "redis: up" || echo "redis: DOWN"
exit 0
