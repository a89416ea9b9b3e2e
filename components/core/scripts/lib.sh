# Shared by every remote step. Values are shell variables set by dispatch.sh; stdin carries files.
set -euo pipefail
umask 077

fail() {
    echo "kuscia: $*" >&2
    exit 1
}

# Reads `name mode base64` lines from stdin and writes each file into DIR, atomically.
install_files() {
    local dir=$1 name mode data
    while read -r name mode data; do
        [ -n "$name" ] || continue
        case "$name" in */* | . | ..) fail "refusing file name '$name'" ;; esac
        printf '%s' "$data" | base64 -d > "$dir/.$name.tmp"
        chmod "$mode" "$dir/.$name.tmp"
        mv -f "$dir/.$name.tmp" "$dir/$name"
    done
}

# Refuses anything but a whole number of seconds (the value goes into shell arithmetic).
require_seconds() {
    case $2 in '' | *[!0-9]*) fail "$1 must be a whole number of seconds, got '$2'" ;; esac
}

# add_domain.sh signs with the node's CA and serial file (ca.srl): one grant or revoke at a time per
# node, whatever the engine runs in parallel. Held until the script exits (in a step of several
# scripts, until its subshell does).
lock_ca() {
    [ -d "$1" ] || return 0
    exec 9>"$1/.ca.lock"
    flock 9
}

container_running() {
    [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = "true" ]
}

# Runs a command inside the node container, without a TTY.
in_node() {
    local ctr=$1
    shift
    container_running "$ctr" || fail "container $ctr is not running on $(hostname)"
    docker exec -i "$ctr" "$@"
}

# Why KusciaJob JOB failed, in CTR (kubectl ARGS... after the name, e.g. -n NS): the job's message
# and each failed task's. A job whose task failed often has no message of its own: the reason
# (a missing AppImage, a party that refused) is on the KusciaTask, which Kuscia names by its task id.
job_failure() {
    local ctr=$1 job=$2 task message parts=()
    shift 2
    message=$(docker exec "$ctr" kubectl get kj "$job" "$@" -o 'jsonpath={.status.message}' 2>&1 || true)
    [ -z "$message" ] || parts+=("$message")
    for task in $(docker exec "$ctr" kubectl get kj "$job" "$@" -o 'jsonpath={.spec.tasks[*].taskID}' 2>/dev/null || true); do
        [ "$(docker exec "$ctr" kubectl get kt "$task" "$@" -o 'jsonpath={.status.phase}' 2>/dev/null || true)" = Failed ] || continue
        parts+=("task $task: $(docker exec "$ctr" kubectl get kt "$task" "$@" -o 'jsonpath={.status.message}' 2>&1 || true)")
    done
    local out="" part
    for part in "${parts[@]}"; do out+="${out:+; }$part"; done
    printf '%s' "${out:-no message on the job or its tasks}"
}

# An image reference as Kuscia 1.1's register_app_image.sh names it: fewer than two slashes get
# docker.io/[library/] (what `kuscia image list` and the AppImage then show).
docker_io_reference() {
    local slashes=${1//[!\/]/}
    case ${#slashes} in
    0) echo "docker.io/library/$1" ;;
    1) echo "docker.io/$1" ;;
    *) echo "$1" ;;
    esac
}
