# Values: CONTAINER. Prints the node's ca.crt, then its KusciaAPI token (a secret output), once both
# are read: Kuscia 1.1's guide's client credentials without ca.key, which is the node's own key (identity
# host: it stays on the host).
ctr=$CONTAINER
ca_crt=$(in_node "$ctr" cat var/certs/ca.crt) && [ -n "$ca_crt" ] || fail "cannot read var/certs/ca.crt in $ctr"
token=$(in_node "$ctr" cat var/certs/token) && [ -n "$token" ] || fail "cannot read the KusciaAPI token var/certs/token in $ctr"
printf '%s\nTOKEN %s\n' "$ca_crt" "$token"
