import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

/** A host as the examples take it from config: where to log in and how to check the host's identity. */
export interface HostConfig {
    host: string;
    port?: number;
    user: string;
    /** Path of the SSH private key on the machine running pulumi. */
    privateKeyPath: string;
    /** The host's public key, authorized_keys format, pinned. */
    hostKey?: string;
}

export function connectionOf(h: HostConfig) {
    return {
        host: h.host,
        port: h.port ?? 22,
        user: h.user,
        privateKey: pulumi.secret(fs.readFileSync(h.privateKeyPath, "utf8")),
        hostKey: h.hostKey,
    };
}
