// Runs a Pulumi program's resources for real without the Pulumi engine and plugins, which cannot be
// built here: remote.Command steps run over SSH, tls resources come from openssl. Resources are
// created in dependency order; `destroy()` runs the commands' delete steps in reverse order.
// Import this module before the code under test.
import * as pulumi from "@pulumi/pulumi";
import { sshExec, SshConnection } from "./sshExec";
import * as tls from "./tlsDouble";

export interface CreatedCommand {
    name: string;
    connection: SshConnection;
    create: string;
    delete?: string;
    stdin?: string;
}

/** Every command that ran, in order. */
export const created: CreatedCommand[] = [];
/** A step's failure, as the engine would report it. */
export const failures: string[] = [];

let collectOnly = false;

/**
 * Build the program's graph without running any create step, only to learn its delete steps: what
 * `destroy()` then runs removes a deployment an earlier process made.
 */
export function collectDeletesOnly(): void {
    collectOnly = true;
}

async function runCommand(name: string, inputs: any): Promise<Record<string, any>> {
    const step: CreatedCommand = { name, connection: inputs.connection, create: inputs.create, delete: inputs.delete, stdin: inputs.stdin };
    if (collectOnly) {
        created.push(step);
        return { ...inputs, stdout: "", stderr: "" };
    }
    const r = await sshExec(step.connection, step.create, step.stdin);
    if (r.code !== 0) {
        const message = `${name} on ${step.connection.host}: exit ${r.code}: ${r.stderr.trim()}`;
        failures.push(message);
        throw new Error(message);
    }
    created.push(step);
    return { ...inputs, stdout: r.stdout, stderr: r.stderr };
}

const secretSig = "4dabf18193072939515e22adb298388d";

/** Inputs as plain values: the mock monitor passes secrets on in their wire wrapping. */
function unwrap(v: any): any {
    if (Array.isArray(v)) {
        return v.map(unwrap);
    }
    if (v && typeof v === "object") {
        if (secretSig in v) {
            return unwrap(v.value);
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    }
    return v;
}

async function newResource(type: string, name: string, wrapped: any): Promise<Record<string, any>> {
    const inputs = unwrap(wrapped);
    switch (type) {
    case "command:remote:Command":
        return runCommand(name, inputs);
    case "tls:index/privateKey:PrivateKey":
        return { ...inputs, ...tls.privateKey(inputs) };
    case "tls:index/certRequest:CertRequest":
        return { ...inputs, ...tls.certRequest(inputs) };
    case "tls:index/selfSignedCert:SelfSignedCert":
        return { ...inputs, ...tls.selfSignedCert(inputs) };
    case "tls:index/locallySignedCert:LocallySignedCert":
        return { ...inputs, ...tls.locallySignedCert(inputs) };
    default:
        if (type.startsWith("kuscia:") || type === "pulumi:pulumi:Stack") {
            return inputs;
        }
        throw new Error(`the step runner does not run ${type} (${name}): its plugin is needed`);
    }
}

pulumi.runtime.setMocks({
    newResource: async args => ({ id: `${args.name}-id`, state: await newResource(args.type, args.name, args.inputs) }),
    call: args => args.inputs,
}, "steps", "lab", false);

// The mock monitor creates a resource as soon as it is registered; the engine would first wait
// for its dependencies. Make it wait.
const monitor = (pulumi.runtime as any).getMonitor();
const register = monitor.registerResource.bind(monitor);
const done = new Map<string, Promise<void>>();
monitor.registerResource = (req: any, callback: any) => {
    const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
    let finished!: () => void;
    done.set(urn, new Promise<void>(r => (finished = r)));
    const deps: string[] = req.getDependenciesList();
    Promise.all(deps.map(d => done.get(d) ?? Promise.resolve())).then(() =>
        register(req, (err: any, resp: any) => {
            finished();
            callback(err, resp);
        }));
};

/** Runs the delete step of every command that has one, newest first, as `pulumi destroy` would. */
export async function destroy(): Promise<string[]> {
    const errors: string[] = [];
    for (const step of [...created].reverse()) {
        if (step.delete) {
            const r = await sshExec(step.connection, step.delete);
            if (r.code !== 0) {
                errors.push(`${step.name}: exit ${r.code}: ${r.stderr.trim()}`);
            }
        }
    }
    created.length = 0;
    return errors;
}

/** The value of an output once every step it needs has run. */
export function value<T>(o: pulumi.Output<T>): Promise<T> {
    return (o as any).promise();
}
