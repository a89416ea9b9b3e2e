# Values: IMAGE CERTS_DIR WORK_DIR DOMAIN_ID API_SANS [PROTOCOL]. The node's config made on the host the
# Kuscia way, as Kuscia 1.1's guide does (`kuscia init --mode autonomy --domain ID [-p PROTOCOL]`, in a
# throw-away container, without a TTY: with one docker writes CRLF line endings), only when it is
# missing: its key never leaves the host. An existing config gets PROTOCOL in place (the line after
# logLevel, as init writes it; none when empty), keeping its key; then kusciaAPISans (which init does
# not set) as API_SANS lists them, comma-separated, at the end. Prints a hash of the config, which
# changes only when the config does (the node must then restart).
image=$IMAGE certs_dir=$CERTS_DIR work_dir=$WORK_DIR domain_id=$DOMAIN_ID protocol=${PROTOCOL:-} sans=$API_SANS
case $sans in *[!A-Za-z0-9.,-]*) fail "refusing kusciaAPISans '$sans' (addresses and DNS names, comma-separated)" ;; esac
config=$certs_dir/kuscia.yaml
mkdir -p "$certs_dir" "$work_dir"/{data,logs,images,k3s}
chmod 700 "$certs_dir"
if [ ! -s "$config" ]; then
    docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
    tmp=$(mktemp "$certs_dir/.kuscia.yaml.XXXXXX")
    if ! docker run --rm "$image" kuscia init --mode autonomy --domain "$domain_id" ${protocol:+-p "$protocol"} > "$tmp" 2>"$tmp.err"; then
        cat "$tmp.err" >&2
        rm -f "$tmp" "$tmp.err"
        fail "kuscia init --domain $domain_id failed in $image"
    fi
    rm -f "$tmp.err"
    grep -q '^domainKeyData: ' "$tmp" || { rm -f "$tmp"; fail "kuscia init in $image wrote no domainKeyData"; }
    mv -f "$tmp" "$config"
    echo "config made in $config" >&2
fi
if [ "$(sed -n 's/^protocol: //p' "$config")" != "$protocol" ]; then
    tmp=$(mktemp "$certs_dir/.kuscia.yaml.XXXXXX")
    awk -v p="$protocol" '!/^protocol:/ { print } /^logLevel:/ && p != "" { print "protocol: " p }' "$config" > "$tmp"
    mv -f "$tmp" "$config"
    echo "protocol of $config set to '${protocol}'" >&2
fi
tmp=$(mktemp "$certs_dir/.kuscia.yaml.XXXXXX")
awk -v sans="$sans" '
    /^kusciaAPISans:/ { skip = 1; next }
    skip && /^- / { next }
    { skip = 0; print }
    END { if (sans != "") { n = split(sans, s, ","); print "kusciaAPISans:"; for (i = 1; i <= n; i++) print "- " s[i] } }' "$config" > "$tmp"
if [ "$(sha256sum < "$tmp")" = "$(sha256sum < "$config")" ]; then
    rm -f "$tmp"
else
    mv -f "$tmp" "$config"
    echo "kusciaAPISans of $config set to '$sans'" >&2
fi
sha256sum < "$config" | cut -c1-16
