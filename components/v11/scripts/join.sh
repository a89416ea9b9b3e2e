# Values: CONTAINER SELF PEER PEER_ENDPOINT PEER_SCHEME PEER_PATH. Kuscia 1.1's guide's "join_to_host.sh SELF
# PEER SCHEME://ENDPOINT[PATH]": the ClusterDomainRoute SELF-PEER; its gateway then hands PEER its
# token. PATH is the prefix of a proxy in front of PEER's gateway ("" for none).
ctr=$CONTAINER self=$SELF host=$PEER endpoint=$PEER_ENDPOINT scheme=$PEER_SCHEME path=${PEER_PATH:-}
# join_to_host.sh splices the endpoint into a sed expression (the path into one delimited by @):
# only host-name characters and one port, and URL-safe path segments.
case $endpoint in *[!A-Za-z0-9.:-]* | *:*:* | :* | *: | '') fail "$self: refusing endpoint '$endpoint' of $host (HOST:PORT)" ;; esac
case $scheme in http | https) ;; *) fail "$self: refusing scheme '$scheme' for $host (http or https)" ;; esac
case $path in '' | /) path="" ;; /*[!A-Za-z0-9._~/-]* | *//* | [!/]*) fail "$self: refusing path '$path' for $host" ;; esac
in_node "$ctr" scripts/deploy/join_to_host.sh "$self" "$host" "$scheme://$endpoint$path" >&2
