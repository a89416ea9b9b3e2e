# Args: CERTS_DIR DATA_DIR. Stdin: the node's identity files.
certs_dir=$1 data_dir=$2
mkdir -p "$certs_dir" "$data_dir"
chmod 700 "$certs_dir"
install_files "$certs_dir"
echo "identity installed in $certs_dir" >&2
