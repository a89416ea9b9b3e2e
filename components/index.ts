// The package's public API: the components, their argument and output types, the partner handshake,
// the validation error and the defaults. Everything else in components/ is internal.
export { KusciaAutonomyNode } from "./kusciaAutonomyNode";
export type { KusciaAutonomyNodeArgs } from "./nodeArgs";
export type { KusciaApiAccess, KusciaProtocol, AuthorizationStatus } from "./core/types";
export type { Connection } from "./core/connection";
export type { ContainerDriver } from "./core/containerDrivers";
export { MutualAuthorization } from "./mutualAuthorization";
export type {
    MutualAuthorizationArgs,
    MutualAuthorizationNodesArgs,
    MutualAuthorizationPeerArgs,
} from "./mutualAuthorization";
export { KusciaCluster } from "./kusciaCluster";
export type { KusciaClusterArgs } from "./kusciaCluster";
export { ExamplePsiJob } from "./examplePsiJob";
export type { ExamplePsiJobArgs } from "./examplePsiJob";
export { peerFromStack, peerFromFile } from "./partnerHandshake";
export type { PartnerExpectation } from "./partnerHandshake";
export type { PeerHandshake, PeerHandshakeV03, PeerHandshakeV11 } from "./core/handshake";
export { KusciaValidationError } from "./core/validation";
export type { KusciaGeneration } from "./kusciaGenerations";
export * as defaults from "./core/defaults";
