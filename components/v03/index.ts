import { PeerHandshakeV03 } from "../core/handshake";
import { Generation } from "../core/procedures";
import { nodeV03 } from "./deploy";
import { jobV03 } from "./job";
import { trustV03 } from "./trust";

/** Kuscia 0.3.0b0, deploy_p2p_multi_machine_cn.md's generation: MTLS between nodes, CSRs signed by each partner. */
export const v03: Generation<PeerHandshakeV03> = { node: nodeV03, trust: trustV03, job: jobV03 };
