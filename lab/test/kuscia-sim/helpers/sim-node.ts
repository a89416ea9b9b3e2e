import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { eventually, Result, run } from "./run";
import { Generation, repoRoot, stagedHome } from "./stage";

/** Ports freePort() gave out in this test process: two nodes' listeners must never get the same one. */
const handedOut = new Set<number>();

/**
 * A loopback port no one listens on, below Linux's ephemeral range (32768-60999): a port the kernel
 * handed out (listen on 0) may go to a client connection of any test before the node binds it.
 */
export async function freePort(): Promise<number> {
    for (;;) {
        const port = 10000 + Math.floor(Math.random() * 22000);
        if (handedOut.has(port)) continue;
        const bound = await new Promise<boolean>(resolve => {
            const s = net.createServer();
            s.once("error", () => resolve(false));
            s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
        });
        if (!bound) continue;
        handedOut.add(port);
        return port;
    }
}

/** A fresh directory for one test file's nodes, named after the generation and `prefix`. */
export function tempRoot(generation: Generation, prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `kuscia-sim-v${generation.replace(".", "")}-${prefix}-`));
}

/** Daemons still running, ended when the test process exits whatever happened to its hooks. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
});

/** The ports a node listens on in both generations. */
export interface NodePorts {
    readonly gatewayPort: number;
    readonly internalPort: number;
    readonly apiPort: number;
    readonly grpcPort: number;
}

/**
 * One kuscia-sim node outside Docker, of either generation: its own KUSCIA_HOME (the container's
 * /home/kuscia state), loopback ports, and the code stage.sh laid out for its generation.
 */
export abstract class SimNode implements NodePorts {
    readonly code: string;
    readonly home: string;
    readonly data: string;
    readonly gatewayPort: number;
    readonly internalPort: number;
    readonly apiPort: number;
    readonly grpcPort: number;
    private daemon?: ChildProcess;
    log = "";

    protected constructor(
        readonly id: string,
        generation: Generation,
        ports: NodePorts,
        root: string,
        readonly certs: string,
    ) {
        this.code = stagedHome(generation);
        this.home = path.join(root, id);
        this.data = path.join(this.home, "var", "storage", "data");
        ({
            gatewayPort: this.gatewayPort,
            internalPort: this.internalPort,
            apiPort: this.apiPort,
            grpcPort: this.grpcPort,
        } = ports);
    }

    /** The environment of the node's processes: KUSCIA_HOME, the ports, and the image's PATH and NODE_PATH. */
    get env(): NodeJS.ProcessEnv {
        return {
            ...process.env,
            // The image's ENV PATH has bin/ (kubectl, and 0.3's ctr and crictl), which the real scripts call by name.
            PATH: `${path.join(this.code, "bin")}:${process.env.PATH}`,
            NODE_PATH: path.join(repoRoot, "node_modules"),
            KUSCIA_HOME: this.home,
            KUSCIA_GATEWAY_PORT: String(this.gatewayPort),
            KUSCIA_INTERNAL_PORT: String(this.internalPort),
            KUSCIA_API_PORT: String(this.apiPort),
            KUSCIA_API_GRPC_PORT: String(this.grpcPort),
            KUSCIA_LISTEN_HOST: "127.0.0.1",
        };
    }

    kubectl(args: string[], input?: string): Promise<Result> {
        return run(path.join(this.code, "bin", "kubectl"), args, { env: this.env, input });
    }

    /** Runs a script under scripts/ (e.g. "deploy/add_domain.sh"). */
    script(name: string, args: string[] = []): Promise<Result> {
        return run(path.join(this.code, "scripts", name), args, { env: this.env });
    }

    async mustScript(name: string, args: string[] = []): Promise<string> {
        const r = await this.script(name, args);
        if (r.code !== 0)
            throw new Error(`${name} ${args.join(" ")} on ${this.id} exited ${r.code}: ${r.stderr}${r.stdout}`);
        return r.stdout;
    }

    /** A file of the node's certificates directory. */
    file(name: string): string {
        return path.join(this.certs, name);
    }

    /** Starts the daemon (`command` under the staged code) and waits until it logs that it is ready. */
    protected async startDaemon(
        command: string[],
        env: NodeJS.ProcessEnv,
        o: { cwd?: string; timeoutMs?: number } = {},
    ): Promise<void> {
        const child = spawn(path.join(this.code, command[0]), command.slice(1), {
            env,
            cwd: o.cwd,
            stdio: ["ignore", "pipe", "pipe"],
        });
        this.daemon = child;
        live.add(child);
        child.once("exit", () => live.delete(child));
        child.stdout!.on("data", d => (this.log += d));
        child.stderr!.on("data", d => (this.log += d));
        await eventually(
            `${this.id}'s daemon to be ready`,
            () => {
                if (child.exitCode !== null)
                    throw new Error(`${this.id}'s daemon exited ${child.exitCode}: ${this.log}`);
                return /ready/.test(this.log) ? true : undefined;
            },
            o.timeoutMs,
        );
    }

    async stop(): Promise<void> {
        const child = this.daemon;
        this.daemon = undefined;
        if (!child || child.exitCode !== null) return;
        const exited = new Promise(r => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise(r => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
    }
}

/** Four free ports, and `extra` more, for one node. */
export async function freePorts(extra = 0): Promise<{ ports: NodePorts; extra: number[] }> {
    const got: number[] = [];
    for (let i = 0; i < 4 + extra; i++) got.push(await freePort());
    const [gatewayPort, internalPort, apiPort, grpcPort, ...more] = got;
    return { ports: { gatewayPort, internalPort, apiPort, grpcPort }, extra: more };
}
