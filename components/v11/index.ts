import { PeerHandshakeV11 } from "../core/handshake";
import { Generation } from "../core/procedures";
import { nodeV11 } from "./deploy";
import { jobV11 } from "./job";
import { trustV11 } from "./trust";

/** Kuscia 1.1.0b0 (1.0.0b0 is the same for this flow): token authentication between nodes, domain.crt exchanged. */
export const v11: Generation<PeerHandshakeV11> = { node: nodeV11, trust: trustV11, job: jobV11 };
