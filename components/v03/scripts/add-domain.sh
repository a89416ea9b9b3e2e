# Values: CERTS_DIR CONTAINER SELF PEER. Stdin: PEER.domain.csr. deploy_p2p_multi_machine_cn.md's "add_domain.sh": this
# node signs the partner's CSR and grants it (issued-cert.sh prints the certificate, last in its step, so that a failed
# step's error does not carry it).
certs_dir=$CERTS_DIR ctr=$CONTAINER self=$SELF peer=$PEER
lock_ca "$certs_dir"
install_files "$certs_dir"
chmod 644 "$certs_dir/$peer.domain.csr"
# add_domain.sh signs whatever CSR it finds under the partner's name.
subject=$(in_node "$ctr" openssl req -in "/home/kuscia/etc/certs/$peer.domain.csr" -noout -subject -nameopt RFC2253 2>/dev/null) ||
    fail "$self: $peer's CSR is not a certificate request"
[ "$subject" = "subject=CN=$peer" ] || fail "$self: refusing to grant $peer: its CSR asks for '${subject#subject=}', not CN=$peer"
in_node "$ctr" scripts/deploy/add_domain.sh "$peer" "$ctr" p2p >&2
[ -s "$certs_dir/$peer.domain.crt" ] || fail "$self: add_domain.sh $peer did not write $peer.domain.crt in $certs_dir"
