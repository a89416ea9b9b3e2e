# Values: CONTAINER SELF PEER TABLE API_SCHEME. Kuscia 1.1's guide's data grant: SELF grants its DomainData
# TABLE to PEER through its own KusciaAPI, as domaindatagrant/create: https://127.0.0.1:8082 with the
# node's ca.crt and ca.key as client certificate and its token, or plain http without either when
# the node's protocol is NOTLS. The grant's id is TABLE-PEER, so a re-run finds it (KusciaAPI's
# "is exist") and changes nothing.
ctr=$CONTAINER self=$SELF peer=$PEER table=$TABLE scheme=$API_SCHEME
container_running "$ctr" || fail "$self: container $ctr is not running on $(hostname)"
body=$(printf '{"domaindatagrant_id":"%s-%s","domain_id":"%s","domaindata_id":"%s","grant_domain":"%s"}' "$table" "$peer" "$self" "$table" "$peer")
case $scheme in
https)
    token=$(in_node "$ctr" cat var/certs/token) && [ -n "$token" ] || fail "$self: no KusciaAPI token in $ctr (var/certs/token)"
    # curl reads the Token header from stdin (-H @-): a command line is in every process list.
    reply=$(printf 'Token: %s\n' "$token" | in_node "$ctr" curl -sS --max-time 30 --cacert var/certs/ca.crt --cert var/certs/ca.crt --key var/certs/ca.key \
        -H @- -H "Content-Type: application/json" -d "$body" https://127.0.0.1:8082/api/v1/domaindatagrant/create)
    ;;
http) reply=$(docker exec "$ctr" curl -sS --max-time 30 -H "Content-Type: application/json" -d "$body" http://127.0.0.1:8082/api/v1/domaindatagrant/create) ;;
*) fail "$self: refusing KusciaAPI scheme '$scheme' (http or https)" ;;
esac || fail "$self: KusciaAPI did not answer the grant of $table to $peer: ${reply:-}"
# A reply's status code is 0 on success (protojson may leave a zero out).
case $reply in
*"is exist"*) echo "$self had granted $table to $peer already" >&2 ;;
*'"code":'[1-9]* | *'"code": '[1-9]* | '') fail "$self: KusciaAPI refused the grant of $table to $peer: $(printf '%s' "$reply" | cut -c1-300)" ;;
*) echo "$self granted $table to $peer" >&2 ;;
esac
