# Values: CERTS_DIR DATA_DIR. Stdin: the node's identity files.
certs_dir=$CERTS_DIR data_dir=$DATA_DIR
mkdir -p "$certs_dir" "$data_dir"
chmod 700 "$certs_dir"
install_files "$certs_dir"
echo "identity installed in $certs_dir" >&2
