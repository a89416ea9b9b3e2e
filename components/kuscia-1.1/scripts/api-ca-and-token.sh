# Values: CONTAINER. Prints the node's ca.crt, then its KusciaAPI token (a secret output): the
# guide's client credentials without ca.key, which is the node's own key (identity host: it stays on
# the host).
ctr=$CONTAINER
in_node "$ctr" sh -c 'cat var/certs/ca.crt && printf "TOKEN %s\n" "$(cat var/certs/token)"'
