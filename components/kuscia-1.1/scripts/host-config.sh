# Values: IMAGE CERTS_DIR WORK_DIR DOMAIN_ID. The node's config made on the host the Kuscia way, as the
# guide does (`kuscia init --mode autonomy --domain ID`, in a throw-away container, without a TTY:
# with one docker writes CRLF line endings), only when it is missing: its key never leaves the host.
# Prints a hash of the config, which changes only when the config does (the node must then restart).
image=$IMAGE certs_dir=$CERTS_DIR work_dir=$WORK_DIR domain_id=$DOMAIN_ID
config=$certs_dir/kuscia.yaml
mkdir -p "$certs_dir" "$work_dir"/{data,logs,images,k3s}
chmod 700 "$certs_dir"
if [ ! -s "$config" ]; then
    docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
    tmp=$(mktemp "$certs_dir/.kuscia.yaml.XXXXXX")
    if ! docker run --rm "$image" kuscia init --mode autonomy --domain "$domain_id" > "$tmp" 2>"$tmp.err"; then
        cat "$tmp.err" >&2
        rm -f "$tmp" "$tmp.err"
        fail "kuscia init --domain $domain_id failed in $image"
    fi
    rm -f "$tmp.err"
    grep -q '^domainKeyData: ' "$tmp" || { rm -f "$tmp"; fail "kuscia init in $image wrote no domainKeyData"; }
    mv -f "$tmp" "$config"
    echo "config made in $config" >&2
fi
sha256sum < "$config" | cut -c1-16
