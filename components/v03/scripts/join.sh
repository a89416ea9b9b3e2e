# Values: CERTS_DIR CONTAINER SELF PEER PEER_ENDPOINT. Stdin: domain-2-PEER.crt and PEER.host.ca.crt.
# deploy_p2p_multi_machine_cn.md's "join_to_host.sh": routes this node to the host partner with the certificate it
# issued us.
certs_dir=$CERTS_DIR ctr=$CONTAINER self=$SELF host=$PEER endpoint=$PEER_ENDPOINT
# join_to_host.sh splices the endpoint into a sed expression: only host-name characters and one port.
case $endpoint in *[!A-Za-z0-9.:-]* | *:*:* | :* | *: | '') fail "$self: refusing endpoint '$endpoint' of $host (HOST:PORT)" ;; esac
install_files "$certs_dir"
chmod 644 "$certs_dir/domain-2-$host.crt" "$certs_dir/$host.host.ca.crt"
in_node "$ctr" scripts/deploy/join_to_host.sh "$self" "$host" "$endpoint" >&2
