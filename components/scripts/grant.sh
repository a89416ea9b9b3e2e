# Args: CERTS_DIR CONTAINER SELF PEER. Stdin: PEER.domain.csr.
# The seed's "add_domain.sh": this node signs the partner's CSR and grants it; prints PEER.domain.crt.
certs_dir=$1 ctr=$2 self=$3 peer=$4
lock_ca "$certs_dir"
install_files "$certs_dir"
chmod 644 "$certs_dir/$peer.domain.csr"
in_node "$ctr" scripts/deploy/add_domain.sh "$peer" "$ctr" p2p >&2
[ -s "$certs_dir/$peer.domain.crt" ] || fail "$self: add_domain.sh $peer did not write $peer.domain.crt in $certs_dir"
cat "$certs_dir/$peer.domain.crt"
