# What both generations' stand-ins for the docker CLI do first (sourced by fake-docker-v03.sh and
# fake-docker-v11.sh): record the call, one JSON array of its arguments a line, in $FAKE_DOCKER_LOG;
# $FAKE_DOCKER_STATE holds the container's state as files. Like the docker CLI, needs_tty refuses -t
# (docker exec, docker run without -d) when stdin is not a terminal.
set -euo pipefail
state=${FAKE_DOCKER_STATE:?}
json='[' sep=''
for a in "$@"; do
  a=${a//\\/\\\\}
  json+="$sep\"${a//\"/\\\"}\""
  sep=','
done
echo "$json]" >>"${FAKE_DOCKER_LOG:?}"
needs_tty() {
  [[ $1 == -*t* && $1 != -*d* && ! -t 0 ]] && { echo "the input device is not a TTY" >&2; exit 1; }
  return 0
}
