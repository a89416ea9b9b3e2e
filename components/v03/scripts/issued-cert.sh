# Values: CERTS_DIR PEER. Prints PEER.domain.crt, the certificate this node issued to the partner: the
# stdout of a step that grants.
cat "$CERTS_DIR/$PEER.domain.crt"
