# Values: CERTS_DIR DATA_DIR NETWORK. Run on refresh only: prints "present" while what the node keeps on
# its host is there (dirs, keys, the docker network), "missing" once it is gone (a rebuilt or wiped host).
certs_dir=$CERTS_DIR data_dir=$DATA_DIR network=$NETWORK
if [ -d "$data_dir" ] && [ -s "$certs_dir/domain.key" ] && [ -s "$certs_dir/domain.csr" ] && [ -s "$certs_dir/ca.crt" ] &&
    docker network inspect "$network" >/dev/null 2>&1; then
    echo present
else
    echo missing
fi
