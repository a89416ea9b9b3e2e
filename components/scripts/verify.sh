# Args: CONTAINER SELF HOST HOST_ENDPOINT.
# A real mTLS handshake from inside SELF's container to HOST's gateway, with the files join.sh installed.
ctr=$1 self=$2 host=$3 endpoint=$4
direction="$self -> $host ($endpoint)"
container_running "$ctr" || fail "$direction: container $ctr is not running on $(hostname)"
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
set +e
code=$(docker exec "$ctr" curl -sS -o /dev/null -w '%{http_code}' --max-time 15 \
    --cert "etc/certs/domain-2-$host.crt" --key etc/certs/domain.key --cacert "etc/certs/$host.host.ca.crt" \
    "https://$endpoint/" 2>"$errors")
rc=$?
set -e
detail=$(tr '\n' ' ' <"$errors")
case $rc in
0)
    [ "$code" != "000" ] || fail "$direction: client refused: $host's gateway closed the connection after the handshake. Check that $host granted $self (add_domain.sh) and that $self uses the certificate $host issued."
    echo "$direction: mTLS handshake verified (HTTP $code)"
    ;;
6 | 7 | 28) fail "$direction: unreachable ($detail). Check $host's endpoint, that its gateway port is published and that the firewall lets $(hostname) reach it." ;;
51 | 60 | 77 | 83) fail "$direction: server not trusted ($detail). Check that $host.host.ca.crt is $host's current ca.crt and that $host's gateway certificate names $endpoint." ;;
58) fail "$direction: $self's client certificate or key is unusable ($detail). Check domain-2-$host.crt and domain.key in $self's certs dir." ;;
35 | 52 | 56) fail "$direction: client refused ($detail). Check that $host granted $self (add_domain.sh $self) with $self's current CSR and did not revoke it." ;;
*) fail "$direction: handshake failed, curl exit $rc ($detail)" ;;
esac
