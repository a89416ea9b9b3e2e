// A fake host for running step scripts locally: a PATH of fakes (docker, curl, kubectl, ...) and of
// recording wrappers around the real tools the scripts call, in which every call's argv and exported
// environment is logged. `docker exec` and `docker run --rm` run their command locally, with the same
// PATH, in a fake container root, so that what a step runs inside the node container is logged too.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Every secret the fakes hold starts with this. */
export const MARK = "SECRET-MARKER";

/** A PEM block: a secret one holds a marker on its first line. */
export const pem = (kind: string, ...lines: string[]) =>
    `-----BEGIN ${kind}-----\n${lines.join("\n")}\n-----END ${kind}-----\n`;
export const secretPem = (kind: string, what: string, ...more: string[]) => pem(kind, `${MARK}-${what}`, ...more);

/** Bash source with `@{` for bash's `${` (a template literal cannot hold `${` as text). */
const bash = (s: TemplateStringsArray) => s.raw.join("").replace(/@\{/g, "${");

/**
 * Sourced by every fake and wrapper. fake_begin NAME ARGS... takes the next call number (an O_EXCL
 * claim, so concurrent calls get distinct ones), logs argv and `export -p` under it, and fails the
 * call whose number is FAKE_FAIL_AT: before it runs (FAKE_FAIL_MODE=before) or after it ran (after:
 * the caller sees the call's output and then a failure).
 */
const recorder = bash`
fake_begin() {
    local i=1 n
    set -C
    until { true > "$FAKE_STATE/calls/$i"; } 2>/dev/null; do i=$((i + 1)); done
    set +C
    printf -v n '%05d' "$i"
    printf '%s\0' "$@" > "$FAKE_STATE/log/$n.argv"
    export -p > "$FAKE_STATE/log/$n.env"
    FAKE_AFTER=
    if [ "$i" = "@{FAKE_FAIL_AT:-}" ]; then
        if [ "@{FAKE_FAIL_MODE:-}" = before ]; then
            echo "$1: failed (injected)" >&2
            exit 1
        fi
        FAKE_AFTER=1 FAKE_NAME=$1
        trap 'echo "$FAKE_NAME: failed after running (injected)" >&2; exit 1' EXIT
    fi
}
`;

/** A recording wrapper around a real program. */
const wrapper = (name: string, real: string) =>
    bash`#!/bin/bash
. "$FAKE_BIN/.fake.sh"
fake_begin NAME "$@"
[ -z "$FAKE_AFTER" ] || { REAL "$@"; exit 1; }
exec REAL "$@"
`
        .replace("NAME", name)
        .replace(/REAL/g, real);

const fakeHeader = (name: string) =>
    bash`#!/bin/bash
. "$FAKE_BIN/.fake.sh"
fake_begin NAME "$@"
PATH=$FAKE_REAL_PATH
set -u
unsupported() { echo "FAKE-UNSUPPORTED NAME $*" >&2; exit 2; }
`.replace(/NAME/g, name);

const fakeDocker =
    fakeHeader("docker") +
    bash`
root_of() { printf '%s/ctr/%s' "$FAKE_STATE" "$1"; }
# As a container runs CMD...: in ROOT at WORKDIR with the fake PATH; an absolute path whose first
# component is in ROOT (home, a mount point) is taken inside ROOT.
run_in() {
    local root=$1 workdir=$2 a first argv=()
    shift 2
    for a; do
        first=@{a#/}
        first=@{first%%/*}
        if [[ $a == /* ]] && [ -n "$first" ] && [ -e "$root/$first" ]; then argv+=("$root$a"); else argv+=("$a"); fi
    done
    (cd "$root$workdir" && export PATH=$FAKE_BIN FAKE_ROOT=$root && "@{argv[@]}")
}
cmd=@{1:-}
shift || true
case $cmd in
inspect)
    [ "@{1:-}" = -f ] || unsupported inspect "$@"
    format=$2 name=$3 root=$(root_of "$3")
    [ -d "$root" ] || { echo "Error: No such object: $name" >&2; exit 1; }
    running=$(cat "$root/.running")
    case $format in
    '{{.State.Running}}') echo "$running" ;;
    '{{.State.Restarting}}') echo false ;;
    '{{.Image}}') echo sha256:fake-image ;;
    '{{range .Mounts}}{{if eq .Destination "/home/kuscia/var/storage/data"}}{{.Source}}{{end}}{{end}}') readlink "$root/home/kuscia/var/storage/data" ;;
    '{{.State.Running}} {{index .Config.Labels "kuscia.pulumi/config"}}') echo "$running $(cat "$root/.config-hash")" ;;
    '{{index .Config.Labels "kuscia.pulumi/config"}}') cat "$root/.config-hash" ;;
    *) unsupported inspect "$@" ;;
    esac
    ;;
image)
    [ "@{1:-}" = inspect ] || unsupported image "$@"
    [ -z "@{FAKE_NO_IMAGES:-}" ] || { echo "Error: No such image: $2" >&2; exit 1; }
    echo '[]'
    ;;
pull) echo "pulled $*" ;;
network)
    case "$1 @{2:-} @{3:-}" in
    "inspect -f {{len .Containers}}") [ -e "$FAKE_STATE/networks/$4" ] && cat "$FAKE_STATE/networks/$4" ;;
    "inspect $2 ") [ -e "$FAKE_STATE/networks/$2" ] || { echo "Error: network $2 not found" >&2; exit 1; } ;;
    "create $2 ") echo 0 > "$FAKE_STATE/networks/$2" && echo net-id ;;
    "rm $2 ") rm "$FAKE_STATE/networks/$2" && echo "$2" ;;
    *) unsupported network "$@" ;;
    esac
    ;;
rm) [ "$1" = -f ] || unsupported rm "$@"; rm -rf "$(root_of "$2")"; echo "$2" ;;
volume) [ "$1" = rm ] || unsupported volume "$@"; echo "$2" ;;
start) echo true > "$(root_of "$1")/.running" && echo "$1" ;;
logs) echo "a line of the container's log" ;;
save)
    if [ "@{2:-}" = -o ]; then echo "TAR-OF-$1" > "$3"; else echo "TAR-OF-$1"; fi
    ;;
cp) cp "$1" "$(root_of "@{2%%:*}")@{2#*:}" ;;
exec)
    interactive= workdir=/home/kuscia
    while :; do
        case $1 in
        -i) interactive=1; shift ;;
        -w) workdir=$2; shift 2 ;;
        -*) unsupported exec "$@" ;;
        *) break ;;
        esac
    done
    name=$1
    shift
    root=$(root_of "$name")
    [ "$(cat "$root/.running" 2>/dev/null)" = true ] || { echo "Error response from daemon: container $name is not running" >&2; exit 1; }
    if [ -n "$interactive" ]; then run_in "$root" "$workdir" "$@"; else run_in "$root" "$workdir" "$@" </dev/null; fi
    ;;
run)
    [ "$1" != -d ] || { echo fake-container-id; exit 0; }
    removed= entrypoint= mounts=()
    while :; do
        case $1 in
        --rm) removed=1; shift ;;
        --network) shift 2 ;;
        --entrypoint) entrypoint=$2; shift 2 ;;
        -v) mounts+=("$2"); shift 2 ;;
        -*) unsupported run "$@" ;;
        *) break ;;
        esac
    done
    [ -n "$removed" ] || unsupported run "$@"
    shift
    root=$(mktemp -d "$FAKE_STATE/runs/run.XXXXXX")
    cp -a "$FAKE_STATE/image/." "$root/"
    for m in "@{mounts[@]}"; do
        src=@{m%%:*} dst=@{m#*:}
        dst=@{dst%%:*}
        mkdir -p "$root$(dirname "$dst")"
        rm -rf "$root$dst"
        ln -s "$src" "$root$dst"
    done
    [ -z "$entrypoint" ] || set -- "$entrypoint" "$@"
    run_in "$root" /home/kuscia "$@" </dev/null
    ;;
*) unsupported "$cmd" "$@" ;;
esac
`;

/** kubectl in a container: its objects are files FAKE_ROOT/.kube/KIND-NAME. */
const fakeKubectl =
    fakeHeader("kubectl") +
    bash`
kube=$FAKE_ROOT/.kube
mkdir -p "$kube"
if [ "$1" = apply ]; then
    [ "$*" = "apply -f -" ] || unsupported "$@"
    doc=$(cat)
    case $doc in
    '') echo "error: no objects passed to apply" >&2; exit 1 ;;
    *'"kind":"KusciaJob"'*)
        job=$(sed -n 's/.*"metadata":{"name":"\([^"]*\)".*/\1/p' <<<"$doc")
        echo "@{FAKE_JOB_PHASE:-Succeeded}" > "$kube/kj-$job"
        echo "kusciajob/$job created"
        ;;
    *'kind: AppImage'*)
        name=$(sed -n "s/^    name: '\(.*\)'$/\1/p" <<<"$doc")
        tag=$(sed -n "s/^    tag: '\(.*\)'$/\1/p" <<<"$doc")
        echo "$name:$tag" > "$kube/appimage-secretflow-image"
        echo "appimage/secretflow-image configured"
        ;;
    *) unsupported apply ;;
    esac
    exit 0
fi
if [ "$1 @{2:-} @{3:-}" = "get gateways -n" ]; then
    echo "NAME   ADDRESS   UPTIME"
    cat "$FAKE_ROOT/.gateways"
    exit 0
fi
verb=$1 kind=$2 name=$3 output=
shift 3
while [ $# -gt 0 ]; do
    case $1 in
    -n) shift 2 ;;
    -o) output=$2; shift 2 ;;
    --ignore-not-found) shift ;;
    *) unsupported "$verb" "$kind" "$name" "$@" ;;
    esac
done
object=$kube/$kind-$name
case $verb in
delete) rm -f "$object"; echo "$kind $name deleted" ;;
get)
    case $kind:$output in
    'kt:jsonpath={.status.phase}') echo Failed; exit 0 ;;
    'kt:jsonpath={.status.message}') echo "the task's message"; exit 0 ;;
    esac
    [ -e "$object" ] || { echo "Error from server (NotFound): $kind \"$name\" not found" >&2; exit 1; }
    case $kind:$output in
    *:) echo "$name" ;;
    'kj:jsonpath={.status.phase}') cat "$object" ;;
    'kj:jsonpath={.status.message}') echo "the job's message" ;;
    'kj:jsonpath={.spec.tasks[*].taskID}') echo task-1 ;;
    'appimage:jsonpath={.spec.image.name}:{.spec.image.tag}') cat "$object" ;;
    'cdr:jsonpath={.status.conditions[?(@.type=="Ready")].status}') echo "@{FAKE_CDR_READY:-True}" ;;
    'cdr:jsonpath={.status.conditions[?(@.type=="Ready")].reason}') echo "@{FAKE_CDR_REASON:-}" ;;
    'cdr:jsonpath={.status.conditions[?(@.type=="Ready")].message}') echo "the route's message" ;;
    'cdr:jsonpath={.status.tokenStatus.sourceTokens[*]}') cat "$object" ;;
    *) unsupported get "$kind" "$name" -o "$output" ;;
    esac
    ;;
*) unsupported "$verb" ;;
esac
`;

/** curl in a container. KusciaAPI over https answers 401 unless a Token header holds var/certs/token. */
const fakeCurl =
    fakeHeader("curl") +
    bash`
headers=() write= out= url=
while [ $# -gt 0 ]; do
    case $1 in
    -s | -sS | -k) shift ;;
    --max-time | --cacert | --cert | --key | -d) shift 2 ;;
    -w) write=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    -H)
        case $2 in
        @-) while IFS= read -r line || [ -n "$line" ]; do headers+=("$line"); done ;;
        @*) while IFS= read -r line || [ -n "$line" ]; do headers+=("$line"); done <"@{2#@}" ;;
        *) headers+=("$2") ;;
        esac
        shift 2
        ;;
    -*) unsupported "$1" ;;
    *) url=$1; shift ;;
    esac
done
header() {
    local h
    for h in "@{headers[@]}"; do
        case @{h,,} in "@{1,,}: "*) printf '%s' "@{h#*: }"; return 0 ;; esac
    done
    return 1
}
code=200
case $url in
http://127.0.0.1:80/handshake)
    host=$(header Host) || host=
    peer=@{host#kuscia-handshake.}
    peer=@{peer%.svc}
    code=@{FAKE_HANDSHAKE_CODE:-200}
    body=@{FAKE_HANDSHAKE_BODY:-}
    [ -n "$body" ] || body="{\"namespace\":\"$peer\"}"
    ;;
http://127.0.0.1:80/) code=@{FAKE_VERIFY_CODE:-404} body="no such service" ;;
https://127.0.0.1:6443 | https://127.0.0.1:8070/healthZ) body=ok ;;
http://127.0.0.1:8082/api/v1/domaindatagrant/create) body=@{FAKE_GRANT_REPLY:-'{"status":{"code":0,"message":"success"}}'} ;;
https://127.0.0.1:8082/api/v1/domaindatagrant/create)
    body=@{FAKE_GRANT_REPLY:-'{"status":{"code":0,"message":"success"}}'}
    token=$(<var/certs/token)
    given=$(header Token) || given=
    if [ -z "$token" ] || [ "$given" != "$token" ]; then code=401 body='{"status":{"code":401,"message":"invalid token"}}'; fi
    ;;
*) unsupported "$url" ;;
esac
if [ -n "$out" ]; then printf '%s' "$body" >"$out"; else printf '%s' "$body"; fi
if [ -n "$write" ]; then
    write=@{write//'%{http_code}'/$code}
    printf '%s' "@{write//'\n'/$'\n'}"
fi
`;

/** openssl in a container: what it derives from a fake PEM file's `CN=`, `PUB=` and `SAN=` lines. */
const fakeOpenssl =
    fakeHeader("openssl") +
    bash`
case "$*" in
"req -in "*" -noout -subject -nameopt RFC2253") cn=$(grep -m1 '^CN=' "$3") || { echo "unable to load X509 request" >&2; exit 1; }; echo "subject=$cn" ;;
"x509 -noout -pubkey -in "*) grep -m1 '^PUB=' "$5" ;;
"pkey -pubout -in "*) grep -m1 '^PUB=' "$4" ;;
"x509 -noout -text -in "*) echo "Certificate:"; sed -n 's/^SAN=/                /p' "$5" ;;
"verify -CAfile "*) if grep -q '^UNSIGNED' "$4"; then echo "error $4: verification failed" >&2; exit 2; fi; echo "$4: OK" ;;
*) unsupported "$@" ;;
esac
`;

/** crictl and ctr in a 0.3 container: the images of its containerd are lines of FAKE_ROOT/.images. */
const fakeCrictl =
    fakeHeader("crictl") +
    bash`
[ "$1" = inspecti ] || unsupported "$@"
grep -qxF "$2" "$FAKE_ROOT/.images" 2>/dev/null || { echo "no such image $2" >&2; exit 1; }
echo '{"status":{}}'
`;
const fakeCtr =
    fakeHeader("ctr") +
    bash`
[ "$*" = "-a=/home/kuscia/containerd/run/containerd.sock -n=k8s.io images import -" ] || unsupported "$@"
tar=$(cat)
echo "@{tar#TAR-OF-}" >> "$FAKE_ROOT/.images"
echo "imported"
`;

/** The kuscia binary: `init` (in a throw-away container), `image list|load` (in the node). */
const fakeKuscia =
    fakeHeader("kuscia") +
    bash`
case "$1 $2" in
"init --mode")
    [ "$2 $3 $4" = "--mode autonomy --domain" ] || unsupported "$@"
    printf 'mode: autonomy\ndomainID: %s\ndomainKeyData: SECRET-MARKER-kuscia-init-domainKeyData\nlogLevel: INFO\n' "$5"
    [ "@{6:-}" != -p ] || printf 'protocol: %s\n' "$7"
    if [ -n "@{FAKE_KUSCIA_INIT_FAIL:-}" ]; then echo "kuscia init: failed" >&2; exit 1; fi
    ;;
"image list") echo "REPOSITORY TAG IMAGE SIZE"; cat "$FAKE_ROOT/.kuscia-images" 2>/dev/null || true ;;
"image load")
    [ "$3" = -i ] || unsupported "$@"
    image=$(cat "$4")
    image=@{image#TAR-OF-}
    echo "@{image%:*} @{image##*:} 0123abcd 1GB" >> "$FAKE_ROOT/.kuscia-images"
    ;;
*) unsupported "$@" ;;
esac
`;

const fakeSleep = fakeHeader("sleep");

/** The real programs the scripts may call, wrapped: any other name is not found on the fake PATH. */
const passthrough = [
    "awk",
    "base64",
    "bash",
    "cat",
    "chmod",
    "cp",
    "cut",
    "dirname",
    "flock",
    "grep",
    "head",
    "hostname",
    "ln",
    "mkdir",
    "mktemp",
    "mv",
    "readlink",
    "rm",
    "sed",
    "sh",
    "sha256sum",
    "tail",
    "touch",
    "tr",
    "wc",
];

/** An image's script (by its path in the image): logged like any call, then BODY. */
const imageScript = (file: string, body: string) =>
    bash`#!/bin/bash
. "$FAKE_BIN/.fake.sh"
fake_begin FILE "$@"
PATH=$FAKE_REAL_PATH
set -eu
`.replace("FILE", file) +
    body.replace(/@\{/g, "${") +
    "\n";

const ok = (file: string) => imageScript(file, `echo "${file}: done"`);

/** What the fake Kuscia images hold, by generation: path under the root -> content (scripts mode 755). */
export const imageFiles: Record<"0.3" | "1.1", Record<string, string>> = {
    "0.3": {
        "home/kuscia/scripts/deploy/add_domain.sh": imageScript(
            "scripts/deploy/add_domain.sh",
            bash`
printf -- '-----BEGIN CERTIFICATE-----\nISSUED-TO-%s\n-----END CERTIFICATE-----\n' "$1" > "etc/certs/$1.domain.crt"
mkdir -p "$FAKE_ROOT/.kube" && touch "$FAKE_ROOT/.kube/domain-$1"
echo "add_domain.sh: added $1"`,
        ),
        "home/kuscia/scripts/deploy/join_to_host.sh": imageScript(
            "scripts/deploy/join_to_host.sh",
            bash`
mkdir -p "$FAKE_ROOT/.kube" && touch "$FAKE_ROOT/.kube/domainroute-$1-$2"
echo "join_to_host.sh: $1 joined $2"`,
        ),
        "home/kuscia/scripts/deploy/create_sf_app_image.sh": ok("scripts/deploy/create_sf_app_image.sh"),
        "home/kuscia/scripts/deploy/create_domain_datasource.sh": ok("scripts/deploy/create_domain_datasource.sh"),
        "home/kuscia/scripts/deploy/create_domaindata_alice_table.sh": ok(
            "scripts/deploy/create_domaindata_alice_table.sh",
        ),
        "home/kuscia/scripts/deploy/create_domaindata_bob_table.sh": ok(
            "scripts/deploy/create_domaindata_bob_table.sh",
        ),
        "home/kuscia/scripts/user/create_example_job.sh": imageScript(
            "scripts/user/create_example_job.sh",
            bash`
mkdir -p "$FAKE_ROOT/.kube" && echo "@{FAKE_JOB_PHASE:-Succeeded}" > "$FAKE_ROOT/.kube/kj-$2"`,
        ),
        // The init scripts write the node's keys and token (secrets) and certificates into etc/certs.
        "home/kuscia/scripts/deploy/init_domain_certs.sh": imageScript(
            "scripts/deploy/init_domain_certs.sh",
            bash`
c=etc/certs
printf -- '-----BEGIN PRIVATE KEY-----\nSECRET-MARKER-init-domain.key\nPUB=%s-pub\n-----END PRIVATE KEY-----\n' "$1" > $c/domain.key
printf -- '-----BEGIN CERTIFICATE REQUEST-----\nCN=%s\nPUB=%s-pub\n-----END CERTIFICATE REQUEST-----\n' "$1" "$1" > $c/domain.csr
printf -- '-----BEGIN PRIVATE KEY-----\nSECRET-MARKER-init-ca.key\n-----END PRIVATE KEY-----\n' > $c/ca.key
printf -- '-----BEGIN CERTIFICATE-----\nCA-OF-%s\n-----END CERTIFICATE-----\n' "$1" > $c/ca.crt
echo "init_domain_certs.sh: made the domain key, CSR and CA"`,
        ),
        "home/kuscia/scripts/deploy/init_external_tls_cert.sh": imageScript(
            "scripts/deploy/init_external_tls_cert.sh",
            bash`
c=etc/certs
printf -- '-----BEGIN PRIVATE KEY-----\nSECRET-MARKER-init-external_tls.key\n-----END PRIVATE KEY-----\n' > $c/external_tls.key
printf -- '-----BEGIN CERTIFICATE-----\nGATEWAY-OF-%s\nSAN=%s, DNS:localhost\n-----END CERTIFICATE-----\n' "$1" "@{2/IP:/IP Address:}" > $c/external_tls.crt
echo "init_external_tls_cert.sh: made the gateway certificate"`,
        ),
        "home/kuscia/scripts/deploy/init_kusciaapi_cert.sh": imageScript(
            "scripts/deploy/init_kusciaapi_cert.sh",
            bash`
c=etc/certs
printf -- '-----BEGIN PRIVATE KEY-----\nSECRET-MARKER-init-kusciaapi-server.key\n-----END PRIVATE KEY-----\n' > $c/kusciaapi-server.key
printf -- '-----BEGIN CERTIFICATE-----\nAPI-SERVER\nSAN=IP Address:%s, DNS:%s\n-----END CERTIFICATE-----\n' "$2" "$1" > $c/kusciaapi-server.crt
printf -- '-----BEGIN PRIVATE KEY-----\nSECRET-MARKER-init-kusciaapi-client.key\n-----END PRIVATE KEY-----\n' > $c/kusciaapi-client.key
printf -- '-----BEGIN CERTIFICATE-----\nAPI-CLIENT\n-----END CERTIFICATE-----\n' > $c/kusciaapi-client.crt
printf 'SECRET-MARKER-init-token' > $c/token
echo "init_kusciaapi_cert.sh: made the KusciaAPI certificates and token"`,
        ),
        "home/kuscia/var/storage/data/alice.csv": "id,age\n1,30\n",
        "home/kuscia/var/storage/data/bob.csv": "id,score\n1,7\n",
    },
    "1.1": {
        "home/kuscia/scripts/deploy/add_domain.sh": imageScript(
            "scripts/deploy/add_domain.sh",
            bash`
[ -s "var/certs/$1.domain.crt" ] || { echo "add_domain.sh: no var/certs/$1.domain.crt" >&2; exit 1; }
mkdir -p "$FAKE_ROOT/.kube" && touch "$FAKE_ROOT/.kube/domain-$1"
echo "add_domain.sh: added $1"`,
        ),
        "home/kuscia/scripts/deploy/join_to_host.sh": imageScript(
            "scripts/deploy/join_to_host.sh",
            bash`
mkdir -p "$FAKE_ROOT/.kube" && echo SECRET-MARKER-route-token > "$FAKE_ROOT/.kube/cdr-$1-$2"
echo "join_to_host.sh: $1 joined $2 at $3"`,
        ),
        "home/kuscia/scripts/deploy/create_domaindata_alice_table.sh": ok(
            "scripts/deploy/create_domaindata_alice_table.sh",
        ),
        "home/kuscia/scripts/deploy/create_domaindata_bob_table.sh": ok(
            "scripts/deploy/create_domaindata_bob_table.sh",
        ),
        "home/kuscia/scripts/templates/app_image.secretflow.yaml":
            "apiVersion: kuscia.secretflow/v1alpha1\nkind: AppImage\nmetadata:\n  name: {{.SF_NAME}}\nspec:\n  image:\n    name: {{.SF_IMAGE_NAME}}\n    tag: {{.SF_IMAGE_TAG}}\n",
        "home/kuscia/var/storage/data/alice.csv": "id,age\n1,30\n",
        "home/kuscia/var/storage/data/bob.csv": "id,score\n1,7\n",
    },
};

/** One recorded call: its number, argv (argv[0] the program's name) and exported environment. */
export interface Call {
    index: number;
    argv: string[];
    env: string;
}

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
    calls: Call[];
}

/** The PATH dir of fakes and wrappers, made once per process. */
let binDir: string | undefined;

function which(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(":")) {
        const p = path.join(dir, name);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            return p;
        } catch {
            // not here
        }
    }
    return undefined;
}

export function fakeBin(): string {
    if (binDir !== undefined) {
        return binDir;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-fake-bin-"));
    fs.writeFileSync(path.join(dir, ".fake.sh"), recorder);
    const fakes: Record<string, string> = {
        docker: fakeDocker,
        kubectl: fakeKubectl,
        curl: fakeCurl,
        openssl: fakeOpenssl,
        crictl: fakeCrictl,
        ctr: fakeCtr,
        kuscia: fakeKuscia,
        sleep: fakeSleep,
    };
    for (const name of passthrough) {
        const real = which(name);
        if (real !== undefined) {
            fakes[name] = wrapper(name, real);
        }
    }
    for (const [name, text] of Object.entries(fakes)) {
        fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
    }
    binDir = dir;
    return dir;
}

export function disposeFakeBin(): void {
    if (binDir !== undefined) {
        fs.rmSync(binDir, { recursive: true, force: true });
        binDir = undefined;
    }
}

/** Writes `files` (relative path -> content) under `root`; scripts (*.sh) executable. */
export function writeTree(root: string, files: Record<string, string>): void {
    for (const [rel, content] of Object.entries(files)) {
        const p = path.join(root, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, content, { mode: rel.endsWith(".sh") ? 0o755 : 0o600 });
    }
}

/** One run's host: its state dir (log, containers, networks, the image) and the host's own dirs under `root`. */
export class FakeHost {
    readonly state: string;
    readonly root: string;

    constructor(generation: "0.3" | "1.1") {
        this.state = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-fake-host-"));
        for (const d of ["log", "calls", "runs", "networks", "tmp", "root", "ctr"]) {
            fs.mkdirSync(path.join(this.state, d));
        }
        this.root = path.join(this.state, "root");
        writeTree(path.join(this.state, "image"), imageFiles[generation]);
    }

    /** A running container named `name`: the image's files, then `mounts` (container path -> host path) as symlinks. */
    container(
        name: string,
        generation: "0.3" | "1.1",
        mounts: Record<string, string>,
        files: Record<string, string> = {},
    ): string {
        const root = path.join(this.state, "ctr", name);
        writeTree(root, imageFiles[generation]);
        for (const [target, source] of Object.entries(mounts)) {
            const p = path.join(root, target);
            fs.rmSync(p, { recursive: true, force: true });
            fs.mkdirSync(path.dirname(p), { recursive: true });
            fs.symlinkSync(source, p);
        }
        writeTree(root, { ".running": "true\n", ".config-hash": "0000\n", ...files });
        return root;
    }

    network(name: string): void {
        fs.writeFileSync(path.join(this.state, "networks", name), "0\n");
    }

    /** Runs `bash BUNDLE STEP@VERSION NAME=VALUE... [-- ARG...]` on this host. */
    run(
        bundle: string,
        step: string,
        version: string,
        values: Record<string, string>,
        args: string[],
        stdin: string,
        env: Record<string, string>,
    ): Promise<RunResult> {
        const argv = [
            bundle,
            `${step}@${version}`,
            ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
            ...(args.length > 0 ? ["--", ...args] : []),
        ];
        const bin = fakeBin();
        return new Promise((resolve, reject) => {
            const child = spawn("/bin/bash", argv, {
                cwd: this.state,
                env: {
                    PATH: bin,
                    FAKE_BIN: bin,
                    FAKE_STATE: this.state,
                    FAKE_REAL_PATH: process.env.PATH ?? "/usr/bin:/bin",
                    TMPDIR: path.join(this.state, "tmp"),
                    HOME: this.state,
                    LC_ALL: "C",
                    ...env,
                },
            });
            let stdout = "";
            let stderr = "";
            child.stdout.setEncoding("utf8").on("data", d => (stdout += d));
            child.stderr.setEncoding("utf8").on("data", d => (stderr += d));
            child.on("error", reject);
            child.on("close", code => resolve({ code: code ?? 1, stdout, stderr, calls: this.calls() }));
            child.stdin.on("error", () => undefined);
            child.stdin.end(stdin);
        });
    }

    calls(): Call[] {
        const log = path.join(this.state, "log");
        return fs
            .readdirSync(log)
            .filter(f => f.endsWith(".argv"))
            .sort()
            .map(f => ({
                index: Number(f.slice(0, -5)),
                argv: fs.readFileSync(path.join(log, f), "utf8").replace(/\0$/, "").split("\0"),
                env: fs.readFileSync(path.join(log, f.replace(/\.argv$/, ".env")), "utf8"),
            }));
    }

    dispose(): void {
        fs.rmSync(this.state, { recursive: true, force: true });
    }
}

/** Runs `jobs` with at most `width` at a time, in order of their results. */
export async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
    return results;
}
