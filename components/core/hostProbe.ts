import * as pulumi from "@pulumi/pulumi";
import { Connection } from "./connection";
import type { Client, ClientChannel } from "ssh2";
import { typeToken } from "./typeTokens";

/** What a probe runs on its host: a command line that prints `present` or `missing`. */
export interface HostProbeArgs {
    /** SSH connection to the host. */
    readonly connection: Connection;
    /** The check, as a remote command line (see probeCommand in remoteSteps.ts). */
    readonly check: pulumi.Input<string>;
    /**
     * Log in to a host (or jump host) without a pinned host key, taking any key: the node's insecureAcceptAnyHostKey.
     */
    readonly acceptAnyHostKey: boolean;
}

/** One SSH login, as the probe's state holds it. */
interface SshLogin {
    host: string;
    port?: number;
    user?: string;
    privateKey?: string;
    password?: string;
    hostKey?: string;
}

interface ProbeInputs {
    connection: SshLogin & { proxy?: SshLogin };
    check: string;
    acceptAnyHostKey?: boolean;
}

interface ProbeOutputs extends ProbeInputs {
    /** A new value each time the probe is (re)created; "missing" once a refresh found the check failing. */
    epoch: string;
}

/*
 * The probe does no work on create, update or a plain diff, so an up that changes nothing opens no
 * SSH session. Only a refresh runs the check; when it finds the thing missing, the next up replaces
 * the probe, its epoch changes, and whatever takes the epoch as a trigger is made again.
 * The functions below are serialized into the stack's state: everything they use is required inside.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a serialized function requires what it uses inside */
export const probeProvider: pulumi.dynamic.ResourceProvider<ProbeInputs, ProbeOutputs> = {
    async create(inputs) {
        const epoch = require("crypto").randomBytes(8).toString("hex");
        return { id: epoch, outs: { ...inputs, epoch } };
    },

    async diff(_id, olds, news) {
        const found = olds.epoch === "missing";
        const changed =
            olds.check !== news.check ||
            JSON.stringify(olds.connection) !== JSON.stringify(news.connection) ||
            olds.acceptAnyHostKey !== news.acceptAnyHostKey;
        return { changes: found || changed, replaces: found ? ["epoch"] : [], deleteBeforeReplace: false };
    },

    async update(_id, olds, news) {
        return { outs: { ...news, epoch: olds.epoch } };
    },

    async read(id, props) {
        const { Client } = require("ssh2");
        const c = props!.connection;
        const where = `${c.user}@${c.host}:${c.port ?? 22}`;
        const pinned = (hostKey: string | undefined) => (key: Buffer) =>
            hostKey === undefined
                ? props!.acceptAnyHostKey === true
                : key.toString("base64") === hostKey.trim().split(/\s+/)[1];
        const login = (target: typeof c, sock?: unknown) => ({
            host: target.host,
            port: target.port ?? 22,
            username: target.user,
            privateKey: target.privateKey,
            password: target.password,
            hostVerifier: pinned(target.hostKey),
            readyTimeout: 20_000,
            sock,
        });
        const connect = (options: object): Promise<Client> =>
            new Promise((resolve, reject) => {
                const client = new Client();
                client
                    .on("ready", () => resolve(client))
                    .on("error", reject)
                    .connect(options);
            });
        const clients: Client[] = [];
        try {
            let sock: unknown;
            if (c.proxy !== undefined) {
                const jump = await connect(login(c.proxy));
                clients.push(jump);
                sock = await new Promise((resolve, reject) =>
                    jump.forwardOut("127.0.0.1", 0, c.host, c.port ?? 22, (err: Error | undefined, stream: unknown) =>
                        err ? reject(err) : resolve(stream),
                    ),
                );
            }
            const client = await connect(login(c, sock));
            clients.push(client);
            const stdout: string = await new Promise((resolve, reject) =>
                client.exec(props!.check, (err: Error | undefined, stream: ClientChannel) => {
                    if (err) {
                        return reject(err);
                    }
                    let out = "";
                    let errText = "";
                    stream.on("data", (d: Buffer) => (out += d));
                    stream.stderr.on("data", (d: Buffer) => (errText += d));
                    stream.on("close", (code: number) =>
                        code === 0 ? resolve(out) : reject(new Error(errText.trim() || `exit ${code}`)),
                    );
                }),
            );
            const state = stdout.trim();
            if (state !== "present" && state !== "missing") {
                throw new Error(`the check printed '${state}', not present or missing`);
            }
            return { id, props: { ...props!, epoch: state === "missing" ? "missing" : props!.epoch } };
        } catch (e) {
            throw new Error(`refresh of the probe on ${where} failed: ${e instanceof Error ? e.message : e}`);
        } finally {
            clients.reverse().forEach(x => x.end());
        }
    },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The probe's type when the package's own provider serves it (a program in another language than TypeScript). */
export const hostProbeType = typeToken("HostProbe");

let servedBy: "dynamic" | "package" = "dynamic";

/**
 * Makes every probe made from now on a `kuscia:index:HostProbe` (hostProbeType) that the package's provider serves:
 * the provider process calls it before constructing components, since a dynamic resource only works in a TypeScript
 * program (pulumi/pulumi#5455).
 */
export function serveProbesFromPackage(): void {
    servedBy = "package";
}

/** What a probe exposes, whichever way it is served. */
export interface HostProbe extends pulumi.CustomResource {
    /** Changes whenever the probe is re-created. */
    readonly epoch: pulumi.Output<string>;
}

class DynamicHostProbe extends pulumi.dynamic.Resource implements HostProbe {
    declare public readonly epoch: pulumi.Output<string>;
    constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(probeProvider, name, props, opts);
    }
}

class PackagedHostProbe extends pulumi.CustomResource implements HostProbe {
    declare public readonly epoch: pulumi.Output<string>;
    constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(hostProbeType, name, props, opts);
    }
}

/**
 * A check on a host that only a refresh runs: `epoch` changes after a refresh found what the check
 * looks for missing (a container removed by hand, a wiped directory), so `pulumi up --refresh`
 * re-creates what depends on it.
 */
export function hostProbe(name: string, args: HostProbeArgs, opts?: pulumi.CustomResourceOptions): HostProbe {
    // The connection holds the SSH key: secret in the inputs as in the outputs.
    const props = {
        connection: pulumi.secret(args.connection),
        check: args.check,
        acceptAnyHostKey: args.acceptAnyHostKey,
        epoch: undefined,
    };
    const options = { ...opts, additionalSecretOutputs: ["connection", ...(opts?.additionalSecretOutputs ?? [])] };
    return servedBy === "package"
        ? new PackagedHostProbe(name, props, options)
        : new DynamicHostProbe(name, props, options);
}
