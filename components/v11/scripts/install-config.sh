# Values: CERTS_DIR WORK_DIR. Stdin: kuscia.yaml, the node's config with its key (domainKeyData), as
# `kuscia init` writes it. The work dir gets the dirs kuscia.sh makes (data, logs, images, k3s).
certs_dir=$CERTS_DIR work_dir=$WORK_DIR
mkdir -p "$certs_dir" "$work_dir"/{data,logs,images,k3s}
chmod 700 "$certs_dir"
install_files "$certs_dir"
echo "config installed in $certs_dir" >&2
