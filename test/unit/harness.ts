// Pulumi mocks for the unit tests. Import this module before any code under test.
import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- not in the SDK's typings
const { leakedPromises } = require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): unknown };
import { csrFor, nodeV03 } from "../support/pki";

export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    dependencies: string[];
    provider: string;
    deleteBeforeReplace: boolean;
    additionalSecretOutputs: string[];
    inputs: Record<string, any>;
}

export const registrations: Registration[] = [];

/** Stack outputs a mocked StackReference returns, by stack name. */
export const stackOutputs: Record<string, Record<string, unknown>> = {};

/** A PEM block whose body is the base64 of `label`, so that tests can tell blocks apart by label. */
export const pem = (kind: string, label: string) =>
    `-----BEGIN ${kind}-----\n${Buffer.from(label).toString("base64")}\n-----END ${kind}-----\n`;

/** The real CSR the mocked `tls` CertRequest `name` gives, for CN=`cn`. */
export function mockCsr(name: string, cn: string): string {
    return csrFor(`mock-${name}`, cn);
}

/** What the mocked host-identity step `<node>-identity` prints: a real domain.csr (CN = the node's name) and ca.crt. */
export function hostIdentityStdout(name: string): string {
    const id = name.replace(/-identity$/, "");
    return mockCsr(name, id) + nodeV03(`host-${id}`).caCertPem;
}

/** Deterministic stand-ins for what the providers would compute. */
function fakeState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    switch (type) {
        case "tls:index/privateKey:PrivateKey":
            return {
                ...inputs,
                privateKeyPem: pem("RSA PRIVATE KEY", `key-of-${name}`),
                privateKeyPemPkcs8: pem("PRIVATE KEY", `pkcs8-of-${name}`),
                publicKeyPem: pem("PUBLIC KEY", `pub-of-${name}`),
            };
        case "tls:index/certRequest:CertRequest":
            // Real, so that what partners check of a CSR (its CN, its key) can be checked.
            return { ...inputs, certRequestPem: mockCsr(name, inputs.subject?.commonName ?? name) };
        case "tls:index/selfSignedCert:SelfSignedCert":
        case "tls:index/locallySignedCert:LocallySignedCert":
            return { ...inputs, certPem: pem("CERTIFICATE", `cert-${name}`) };
        case "docker:index/remoteImage:RemoteImage":
            return { ...inputs, imageId: `sha256:image-${name}`, repoDigest: `${inputs.name}@sha256:digest` };
        case "command:remote:Command":
            return { ...inputs, stdout: fakeStdout(name), stderr: "" };
        case "pulumi-nodejs:dynamic:Resource":
            return { ...inputs, epoch: `epoch-of-${name}` };
        case "pulumi:pulumi:StackReference":
            return { ...inputs, outputs: stackOutputs[inputs.name] ?? {} };
        default:
            return inputs;
    }
}

function fakeStdout(name: string): string {
    if (/-grants-/.test(name)) {
        return pem("CERTIFICATE", `issued-by-${name}`) + (/-joins-/.test(name) ? `ran ${name}\n` : "");
    }
    if (name.endsWith("-network")) {
        return `Host_Of.${name}\n`;
    }
    if (name.endsWith("-domain-cert")) {
        return pem("CERTIFICATE", `domain-crt-${name}`);
    }
    if (name.endsWith("-identity")) {
        return hostIdentityStdout(name);
    }
    if (name.endsWith("-api-credentials")) {
        return pem("CERTIFICATE", `api-client-${name}`) + pem("RSA PRIVATE KEY", `api-key-${name}`) + "TOKEN tok-123\n";
    }
    if (name.endsWith("-job")) {
        return "Succeeded\n";
    }
    return `ran ${name}\n`;
}

pulumi.runtime.setMocks(
    {
        newResource: args => ({ id: `${args.name}-id`, state: fakeState(args.type, args.name, args.inputs) }),
        call: args => args.inputs,
    },
    "project",
    "stack",
    false,
);

// Record what the mocks do not pass on: parents, dependencies and resource options.
const monitor = (pulumi.runtime as any).getMonitor();
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: any) => {
    const record: Registration = {
        type: req.getType(),
        name: req.getName(),
        urn: "",
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        provider: req.getProvider(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        inputs: req.getObject()?.toJavaScript() ?? {},
    };
    registrations.push(record);
    return register(req, (err: any, resp: any) => {
        record.urn = resp?.getUrn() ?? "";
        callback(err, resp);
    });
};

/** The resolved value of an output, whether it is secret, whether it is known. */
export async function resolve<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean; known: boolean }> {
    const inner = o as any;
    return { value: await inner.promise(), secret: await inner.isSecret, known: await inner.isKnown };
}

/** Lets every pending registration reach the mock monitor. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
        await new Promise(r => setImmediate(r));
    }
    await new Promise(r => setTimeout(r, 50));
}

export function named(name: string): Registration {
    const r = registrations.find(x => x.name === name);
    if (!r) {
        throw new Error(`no resource named ${name}; have: ${registrations.map(x => x.name).join(", ")}`);
    }
    return r;
}

export function childrenOf(prefix: string): Registration[] {
    return registrations.filter(r => r.name.startsWith(prefix));
}

/** The unwrapped value of a secret-or-plain property as serialized for the engine. */
export function plain(v: any): any {
    if (v && typeof v === "object" && v["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") {
        return plain(v.value);
    }
    return v;
}

export function isSecretValue(v: any): boolean {
    return !!v && typeof v === "object" && v["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";
}

/** The files a step sends on stdin (scripts/lib.sh's `name mode base64` lines), in order. */
export function stdinFiles(stdin: any): { name: string; mode: string; text: string }[] {
    return (plain(stdin) as string)
        .trim()
        .split("\n")
        .map(line => {
            const [name, mode, data] = line.split(" ");
            return { name, mode, text: Buffer.from(data, "base64").toString() };
        });
}

/** A remote step's command line, `bash BUNDLE STEP@VERSION... NAME=VALUE...`, split into its parts. */
export function stepLine(commandLine: any): {
    bundle: string;
    steps: string[];
    values: Record<string, string>;
    args?: string[];
} {
    const words = [...(plain(commandLine) as string).matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map(m =>
        m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2],
    );
    // Quoted and unquoted pieces of one word are adjacent only in `'NAME=...'` form here: each match is one word.
    const [bash, bundle, ...all] = words;
    if (bash !== "bash") {
        throw new Error(`not a step command: ${plain(commandLine)}`);
    }
    const dashes = all.indexOf("--");
    const rest = dashes < 0 ? all : all.slice(0, dashes);
    return {
        bundle,
        steps: rest.filter(w => /^[a-z][a-z-]*@[0-9a-f]{8}$/.test(w)).map(w => w.split("@")[0]),
        values: Object.fromEntries(
            rest.filter(w => /^[A-Z]/.test(w)).map(w => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]),
        ),
        ...(dashes < 0 ? {} : { args: all.slice(dashes + 1) }),
    };
}

/** A pinned host key for the tests' connections (the library requires one). */
export const testHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0testhostkey0000000000000000000000000000 host";

/**
 * Runs `body`, in which resources are expected to fail to register (an input that failed its check): returns
 * what the SDK reported of them (unhandled rejections, which would otherwise fail the test), and forgets
 * the outputs they leave pending, which the SDK would otherwise report as leaked at exit.
 */
export async function failedRegistrations(body: () => Promise<void>): Promise<unknown[]> {
    const listeners = process.listeners("unhandledRejection");
    const seen: unknown[] = [];
    const collect = (reason: unknown) => seen.push(reason instanceof Error ? reason.message : reason);
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", collect);
    try {
        await body();
        await new Promise(r => setTimeout(r, 100));
    } finally {
        process.removeListener("unhandledRejection", collect);
        listeners.forEach(l => process.on("unhandledRejection", l));
        leakedPromises();
    }
    return seen;
}
