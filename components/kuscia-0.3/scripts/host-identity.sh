# Values: IMAGE CERTS_DIR DATA_DIR DOMAIN_ID HOST_IP CONTAINER.
# Makes the node's keys and certificates on the host the Kuscia way (its init scripts, in throw-away
# containers), then prints the public part: the CSR, the CA certificate and the gateway certificate.
# Kuscia 0.3's init scripts rewrite on every run what they make (init_domain_certs.sh: domain.csr and
# ca.crt; init_external_tls_cert.sh, init_kusciaapi_cert.sh: their keys and certificates), so each
# runs only when a file it makes is missing, except that the gateway and KusciaAPI server
# certificates are renewed when they do not name HOST_IP (or are not issued by the node's CA).
# A re-run with nothing missing writes nothing and prints the same, so the node is not restarted.
image=$IMAGE certs_dir=$CERTS_DIR data_dir=$DATA_DIR domain_id=$DOMAIN_ID host_ip=$HOST_IP ctr=$CONTAINER
mkdir -p "$certs_dir" "$data_dir"
chmod 700 "$certs_dir"
docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
init() {
    docker run --rm -v "$certs_dir:/home/kuscia/etc/certs" "$image" "$@" >&2
}
# True when any of the named files is not in the certs dir.
missing() {
    local f
    for f in "$@"; do
        [ -f "$certs_dir/$f" ] || return 0
    done
    return 1
}
# Prints those of the named certificates that are not issued by ca.crt or lack IP:HOST_IP among
# their SANs; read in one throw-away container with the image's openssl (the host may have none),
# the certs dir mounted read-only.
not_naming_host_ip() {
    docker run --rm -v "$certs_dir:/home/kuscia/etc/certs:ro" "$image" sh -c '
        cd etc/certs && ip=$1 && shift
        for f; do
            openssl verify -CAfile ca.crt "$f" >/dev/null 2>&1 &&
                openssl x509 -noout -text -in "$f" | tr "," "\n" | sed "s/^[[:space:]]*//" | grep -Fqx "IP Address:$ip" ||
                echo "$f"
        done
    ' sh "$host_ip" "$@"
}
new_ca=false
if missing domain.key domain.csr ca.key ca.crt; then
    if missing ca.key; then
        new_ca=true
    fi
    init scripts/deploy/init_domain_certs.sh "$domain_id"
fi
present=()
for f in external_tls.crt kusciaapi-server.crt; do
    if [ -f "$certs_dir/$f" ]; then present+=("$f"); fi
done
stale=
[ ${#present[@]} -eq 0 ] || stale=$(not_naming_host_ip "${present[@]}")
if $new_ca || missing external_tls.key external_tls.crt || [[ $stale == *external_tls.crt* ]]; then
    init scripts/deploy/init_external_tls_cert.sh "$domain_id" "IP:$host_ip"
fi
if $new_ca || missing kusciaapi-server.key kusciaapi-server.crt kusciaapi-client.key kusciaapi-client.crt token ||
    [[ $stale == *kusciaapi-server.crt* ]]; then
    init scripts/deploy/init_kusciaapi_cert.sh "$ctr" "$host_ip"
fi
cat "$certs_dir/domain.csr" "$certs_dir/ca.crt" "$certs_dir/external_tls.crt"
