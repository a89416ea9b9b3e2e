# Values: IMAGE CERTS_DIR. Prints the KusciaAPI client certificate, key and token (a secret output),
# once all three are read. The init containers wrote them as root with mode 600: read them the same
# way, in one throw-away container that prints nothing unless every read succeeded.
image=$IMAGE certs_dir=$CERTS_DIR
credentials=$(docker run --rm -v "$certs_dir:/home/kuscia/etc/certs:ro" "$image" sh -c '
    crt=$(cat etc/certs/kusciaapi-client.crt) && [ -n "$crt" ] &&
    key=$(cat etc/certs/kusciaapi-client.key) && [ -n "$key" ] &&
    token=$(cat etc/certs/token) && [ -n "$token" ] &&
    printf "%s\n%s\nTOKEN %s\n" "$crt" "$key" "$token"') || fail "cannot read the KusciaAPI client credentials in $certs_dir"
printf '%s\n' "$credentials"
