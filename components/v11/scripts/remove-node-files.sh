# Values: IMAGE CERTS_DIR WORK_DIR. On destroy: the config (the node's key) and the work dir's logs,
# images and k3s store; the data dir (tables, job results) is kept. The node wrote them as root: they
# are removed through a throw-away container, as kuscia.sh clears them.
image=$IMAGE certs_dir=$CERTS_DIR work_dir=$WORK_DIR
case "$certs_dir" in /*/*) ;; *) fail "refusing to remove '$certs_dir'" ;; esac
case "$work_dir" in /*/*) ;; *) fail "refusing to clear '$work_dir'" ;; esac
rm -rf -- "$certs_dir"
if [ -d "$work_dir" ]; then
    if docker image inspect "$image" >/dev/null 2>&1; then
        docker run --rm -v "$work_dir:/work" --entrypoint rm "$image" -rf /work/logs /work/images /work/k3s
    else
        rm -rf -- "$work_dir/logs" "$work_dir/images" "$work_dir/k3s"
    fi
fi
