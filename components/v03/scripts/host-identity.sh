# Values: IMAGE CERTS_DIR DATA_DIR DOMAIN_ID HOST_IP CONTAINER.
# Makes the node's keys and certificates on the host the Kuscia way (its init scripts, in one
# throw-away container), then prints the public part: the CSR, the CA certificate and the gateway
# certificate.
# Kuscia 0.3's init scripts rewrite on every run what they make (init_domain_certs.sh: domain.csr and
# ca.crt; init_external_tls_cert.sh, init_kusciaapi_cert.sh: their keys and certificates), so each
# runs only when a file it makes is missing, except that the gateway and KusciaAPI server
# certificates are renewed when they do not name HOST_IP (or are not issued by the node's CA).
# A re-run with nothing missing writes nothing and prints the same, so the node is not restarted.
image=$IMAGE certs_dir=$CERTS_DIR data_dir=$DATA_DIR domain_id=$DOMAIN_ID host_ip=$HOST_IP ctr=$CONTAINER
mkdir -p "$certs_dir" "$data_dir"
chmod 700 "$certs_dir"
docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
# In the container: the image's init scripts and openssl (the host may have none), the certs dir
# mounted. A certificate is stale when it is not issued by ca.crt or lacks IP:HOST_IP among its SANs;
# that is judged before any init script runs.
docker run --rm -v "$certs_dir:/home/kuscia/etc/certs" "$image" bash -c '
    set -euo pipefail
    domain_id=$1 host_ip=$2 ctr=$3 certs=etc/certs
    missing() {
        local f
        for f; do [ -f "$certs/$f" ] || return 0; done
        return 1
    }
    stale() {
        [ -f "$certs/$1" ] || return 1
        ! { openssl verify -CAfile "$certs/ca.crt" "$certs/$1" >/dev/null 2>&1 &&
            openssl x509 -noout -text -in "$certs/$1" | tr "," "\n" | sed "s/^[[:space:]]*//" | grep -Fqx "IP Address:$host_ip"; }
    }
    gateway_stale=false api_stale=false new_ca=false
    if stale external_tls.crt; then gateway_stale=true; fi
    if stale kusciaapi-server.crt; then api_stale=true; fi
    if missing domain.key domain.csr ca.key ca.crt; then
        if missing ca.key; then new_ca=true; fi
        scripts/deploy/init_domain_certs.sh "$domain_id"
    fi
    if $new_ca || $gateway_stale || missing external_tls.key external_tls.crt; then
        scripts/deploy/init_external_tls_cert.sh "$domain_id" "IP:$host_ip"
    fi
    if $new_ca || $api_stale || missing kusciaapi-server.key kusciaapi-server.crt kusciaapi-client.key kusciaapi-client.crt token; then
        scripts/deploy/init_kusciaapi_cert.sh "$ctr" "$host_ip"
    fi
' bash "$domain_id" "$host_ip" "$ctr" >&2
cat "$certs_dir/domain.csr" "$certs_dir/ca.crt" "$certs_dir/external_tls.crt"
