# Values: CONTAINER SELF PEER PEER_ENDPOINT PEER_SCHEME. The guide's "join_to_host.sh SELF PEER
# SCHEME://ENDPOINT": the ClusterDomainRoute SELF-PEER; its gateway then hands PEER its token.
ctr=$CONTAINER self=$SELF host=$PEER endpoint=$PEER_ENDPOINT scheme=$PEER_SCHEME
# join_to_host.sh splices the endpoint into a sed expression: only host-name characters and one port.
case $endpoint in *[!A-Za-z0-9.:-]* | *:*:* | :* | *: | '') fail "$self: refusing endpoint '$endpoint' of $host (HOST:PORT)" ;; esac
case $scheme in http | https) ;; *) fail "$self: refusing scheme '$scheme' for $host (http or https)" ;; esac
in_node "$ctr" scripts/deploy/join_to_host.sh "$self" "$host" "$scheme://$endpoint" >&2
