# Values: CERTS_DIR. Removes the node's certs dir (its keys) on destroy.
certs_dir=$CERTS_DIR
case "$certs_dir" in /*/*) ;; *) fail "refusing to remove '$certs_dir'" ;; esac
rm -rf -- "$certs_dir"
