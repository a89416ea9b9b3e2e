# Args: CERTS_DIR CONTAINER SELF HOST HOST_ENDPOINT. Stdin: domain-2-HOST.crt and HOST.host.ca.crt.
# The seed's "join_to_host.sh": routes this node to the host partner with the certificate it issued us.
certs_dir=$1 ctr=$2 self=$3 host=$4 endpoint=$5
install_files "$certs_dir"
chmod 644 "$certs_dir/domain-2-$host.crt" "$certs_dir/$host.host.ca.crt"
in_node "$ctr" scripts/deploy/join_to_host.sh "$self" "$host" "$endpoint" >&2
