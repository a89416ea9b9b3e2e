# Values: CONTAINER. Prints the KusciaAPI client credentials the guide uses: the node's ca.crt and
# ca.key (the config's key), then its token (a secret output).
ctr=$CONTAINER
in_node "$ctr" sh -c 'cat var/certs/ca.crt var/certs/ca.key && printf "TOKEN %s\n" "$(cat var/certs/token)"'
