# Values: CONTAINER. Prints the node's domain.crt, which it made from its key at start: what partners
# add (Kuscia 1.1's guide's `docker cp CTR:/home/kuscia/var/certs/domain.crt`).
in_node "$CONTAINER" cat var/certs/domain.crt
