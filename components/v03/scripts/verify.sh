# Values: CONTAINER SELF PEER PEER_ENDPOINT (the partner in the role of host).
# Sends partner traffic as a job's travels: into SELF's own gateway (its internal listener, port 80
# in the container), through SELF's route SELF-HOST to HOST's gateway. HOST's gateway checks the
# client certificate against its CA at TLS, then SELF's Kuscia-Source against the DomainRoutes it
# holds (its token-auth filter). A TLS handshake alone proves neither the grant nor the route.
ctr=$CONTAINER self=$SELF host=$PEER endpoint=$PEER_ENDPOINT
direction="$self -> $host ($endpoint)"
container_running "$ctr" || fail "$direction: container $ctr is not running on $(hostname)"
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# GET http://SERVICE.HOST.svc/PATH through SELF's gateway; sets `code` and `body`.
through_gateway() {
    local out
    out=$(docker exec "$ctr" curl -sS --max-time 30 -w '\n%{http_code}' -H "Host: $1.$host.svc" "http://127.0.0.1:80$2" 2>"$errors") ||
        fail "$direction: $self's gateway does not answer on 127.0.0.1:80 in $ctr ($(tr '\n' ' ' <"$errors"))"
    code=${out##*$'\n'}
    body=$(printf '%s' "${out%$'\n'*}" | tr '\n' ' ' | cut -c1-300)
}

in_certs() {
    docker exec -w /home/kuscia/etc/certs "$ctr" "$@" 2>/dev/null
}

# Why HOST refused SELF's client certificate at TLS, from what SELF holds.
client_cert_problem() {
    if [ "$(in_certs openssl x509 -noout -pubkey -in "domain-2-$host.crt")" != "$(in_certs openssl pkey -pubout -in domain.key)" ]; then
        echo "domain-2-$host.crt that $host issued is not for $self's key: $host signed another CSR (a wrong grant). Grant again with $self's current domain.csr."
    elif ! in_certs openssl verify -CAfile "$host.host.ca.crt" "domain-2-$host.crt" >/dev/null; then
        echo "domain-2-$host.crt is not signed by $host.host.ca.crt: a foreign certificate. Install the certificate $host issued."
    else
        echo "$host refused $self's client certificate at TLS: domain-2-$host.crt is not signed by the CA $host's gateway uses now (was $host's ca.crt replaced?)."
    fi
}

# 1. The handshake service of HOST skips token auth: this proves the route, the endpoint and TLS.
through_gateway kuscia-handshake /handshake
case $code in
200)
    case $body in *"\"namespace\":\"$host\""*) ;; *) fail "$direction: $endpoint answers as another node ($body), not as $host. Check $host's endpoint." ;; esac
    ;;
404)
    if docker exec "$ctr" kubectl get domainroute "$self-$host" -n "$self" >/dev/null 2>&1; then
        fail "$direction: $self's gateway did not install DomainRoute $self-$host. $(client_cert_problem)"
    fi
    fail "$direction: $self has no DomainRoute $self-$host: the join did not happen or was undone."
    ;;
503)
    case $body in
    *CERTIFICATE_VERIFY_FAILED*) fail "$direction: $host's gateway certificate is not trusted with $host.host.ca.crt ($body). Check that $host.host.ca.crt is $host's current ca.crt." ;;
    *"delayed connect error"* | *"reset reason: connection timeout"*) fail "$direction: unreachable ($body). Check $host's endpoint, that its gateway port is published and that the firewall lets $(hostname) reach it." ;;
    *) fail "$direction: refused at TLS ($body). $(client_cert_problem)" ;;
    esac
    ;;
*) fail "$direction: $host's handshake service answered HTTP $code ($body)" ;;
esac

# 2. Any other service of HOST is behind token auth: 401 unless HOST grants SELF. Past it, HOST's
# gateway answers 404 for a service it does not have, which is the verdict sought.
through_gateway kuscia-verify /
case $code in
404) echo "$direction: verified: $host's gateway accepts $self's partner traffic (TLS and token auth)" ;;
401) fail "$direction: refused by $host's token auth (HTTP 401 $body): $host does not grant $self (no DomainRoute $self-$host in $host's namespace). Grant again, or it was revoked." ;;
*) fail "$direction: $host's gateway answered HTTP $code ($body) past TLS" ;;
esac
