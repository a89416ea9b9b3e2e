#!/usr/bin/env bash
# A throwaway dockerd in the root network namespace that leaves other daemons alone: its own
# data/exec roots, pidfile and socket under DIR, no default bridge, no iptables rules.
# Usage: private-dockerd.sh start DIR   (prints the socket's unix:// URL once the daemon answers)
#        private-dockerd.sh stop DIR    (stops the daemon by its pid and waits for it to exit)
set -euo pipefail
action="$1" dir="$2"
pidfile="$dir/dockerd.pid"
host="unix://$dir/docker.sock"

case "$action" in
  start)
    mkdir -p "$dir/data" "$dir/exec"
    # setsid: the daemon must not share the caller's process group or terminal signals.
    setsid /usr/sbin/dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
      -H "$host" --bridge=none --iptables=false --ip-masq=false \
      >"$dir/dockerd.log" 2>&1 </dev/null &
    for _ in $(seq 1 60); do
      if docker -H "$host" version >/dev/null 2>&1; then
        echo "$host"
        exit 0
      fi
      sleep 0.5
    done
    echo "private-dockerd: no answer on $host after 30s; log: $dir/dockerd.log" >&2
    tail -n 20 "$dir/dockerd.log" >&2
    exit 1
    ;;
  stop)
    [[ -s "$pidfile" ]] || exit 0
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || exit 0
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || exit 0
      sleep 0.5
    done
    echo "private-dockerd: pid $pid still running after 30s" >&2
    exit 1
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 64
    ;;
esac
