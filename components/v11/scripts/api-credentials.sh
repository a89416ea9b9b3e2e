# Values: CONTAINER. Prints the KusciaAPI client credentials Kuscia 1.1's guide uses: the node's ca.crt and
# ca.key (the config's key), then its token (a secret output), once all three are read.
ctr=$CONTAINER
ca_crt=$(in_node "$ctr" cat var/certs/ca.crt) && [ -n "$ca_crt" ] || fail "cannot read var/certs/ca.crt in $ctr"
ca_key=$(in_node "$ctr" cat var/certs/ca.key) && [ -n "$ca_key" ] || fail "cannot read var/certs/ca.key in $ctr"
token=$(in_node "$ctr" cat var/certs/token) && [ -n "$token" ] || fail "cannot read the KusciaAPI token var/certs/token in $ctr"
printf '%s\n%s\nTOKEN %s\n' "$ca_crt" "$ca_key" "$token"
