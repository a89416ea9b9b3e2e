# Args: CERTS_DIR. Prints the KusciaAPI client certificate, key and token (a secret output).
certs_dir=$1
cat "$certs_dir/kusciaapi-client.crt" "$certs_dir/kusciaapi-client.key"
printf 'TOKEN %s\n' "$(cat "$certs_dir/token")"
