# Args: IMAGE CERTS_DIR DATA_DIR DOMAIN_ID HOST_IP CONTAINER.
# Creates the node's keys on the host the Kuscia way (throw-away containers), only where missing,
# renews the gateway certificate when HOST_IP changed (init_external_tls_cert.sh keeps a current one),
# then prints the public part: the CSR, the CA certificate and the gateway certificate.
image=$1 certs_dir=$2 data_dir=$3 domain_id=$4 host_ip=$5 ctr=$6
mkdir -p "$certs_dir" "$data_dir"
chmod 700 "$certs_dir"
docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
init() {
    docker run --rm -v "$certs_dir:/home/kuscia/etc/certs" "$image" "$@" >&2
}
[ -f "$certs_dir/domain.csr" ] && [ -f "$certs_dir/ca.crt" ] || init scripts/deploy/init_domain_certs.sh "$domain_id"
init scripts/deploy/init_external_tls_cert.sh "$domain_id" "IP:$host_ip"
[ -f "$certs_dir/kusciaapi-client.crt" ] || init scripts/deploy/init_kusciaapi_cert.sh "$ctr" "$host_ip"
cat "$certs_dir/domain.csr" "$certs_dir/ca.crt" "$certs_dir/external_tls.crt"
