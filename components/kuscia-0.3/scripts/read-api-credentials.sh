# Values: IMAGE CERTS_DIR. Prints the KusciaAPI client certificate, key and token (a secret output).
# The init containers wrote them as root with mode 600: read them the same way.
image=$IMAGE certs_dir=$CERTS_DIR
docker run --rm -v "$certs_dir:/home/kuscia/etc/certs:ro" "$image" \
    sh -c 'cat etc/certs/kusciaapi-client.crt etc/certs/kusciaapi-client.key && printf "TOKEN %s\n" "$(cat etc/certs/token)"'
