# Values: CONTAINER DATA_DIR. The image's demo tables, as an operator of the real image must get them:
# the image ships them at /home/kuscia/var/storage/data/{alice,bob}.csv (its Dockerfile: COPY
# testdata), where the node's data dir bind mount hides them. Each is copied out of the node's own
# image (a throw-away `docker run --rm`, no network, no TTY) into DATA_DIR, mode 0644, owned by the
# SSH user, and never over an existing file.
ctr=$CONTAINER data_dir=$DATA_DIR
image_data=/home/kuscia/var/storage/data
container_running "$ctr" || fail "container $ctr is not running on $(hostname)"
mounted=$(docker inspect -f "{{range .Mounts}}{{if eq .Destination \"$image_data\"}}{{.Source}}{{end}}{{end}}" "$ctr")
[ -n "$mounted" ] && [ "$mounted" -ef "$data_dir" ] || fail "container $ctr mounts '${mounted:-nothing}' at $image_data, not the data dir $data_dir"
image=$(docker inspect -f '{{.Image}}' "$ctr")
for table in alice.csv bob.csv; do
    dst=$data_dir/$table
    if [ -e "$dst" ]; then
        echo "kept $dst" >&2
        continue
    fi
    tmp=$(mktemp "$data_dir/.$table.XXXXXX")
    if ! docker run --rm --network none --entrypoint cat "$image" "$image_data/$table" > "$tmp"; then
        rm -f "$tmp"
        fail "the node's image $image has no demo table $image_data/$table"
    fi
    chmod 0644 "$tmp"
    # A hard link never replaces a file that appeared meanwhile.
    if ln "$tmp" "$dst" 2>/dev/null; then echo "copied the image's $table to $dst" >&2; else echo "kept $dst" >&2; fi
    rm -f "$tmp"
done
