# Args: CERTS_DIR CONTAINER SELF HOST HOST_ENDPOINT. Stdin: domain-2-HOST.crt and HOST.host.ca.crt.
# The seed's "join_to_host.sh": routes this node to the host partner with the certificate it issued us.
certs_dir=$1 ctr=$2 self=$3 host=$4 endpoint=$5
# join_to_host.sh splices the endpoint into a sed expression: only host-name characters and one port.
case $endpoint in *[!A-Za-z0-9.:-]* | *:*:* | :* | *: | '') fail "$self: refusing endpoint '$endpoint' of $host (HOST:PORT)" ;; esac
install_files "$certs_dir"
chmod 644 "$certs_dir/domain-2-$host.crt" "$certs_dir/$host.host.ca.crt"
in_node "$ctr" scripts/deploy/join_to_host.sh "$self" "$host" "$endpoint" >&2
