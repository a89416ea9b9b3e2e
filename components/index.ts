// The package's public API: the components, their argument and output types, the partner handshake,
// the validation error and the defaults. Everything else in components/ is internal.
export { KusciaAutonomyNode } from "./kusciaAutonomyNode";
export type { KusciaAutonomyNodeArgs, KusciaApiAccess } from "./kusciaAutonomyNode";
export type { Connection } from "./connection";
export { MutualAuthorization } from "./mutualAuthorization";
export type { MutualAuthorizationArgs, MutualAuthorizationNodesArgs, MutualAuthorizationPeerArgs, AuthorizationStatus } from "./mutualAuthorization";
export { KusciaCluster } from "./kusciaCluster";
export type { KusciaClusterArgs } from "./kusciaCluster";
export { ExamplePsiJob } from "./examplePsiJob";
export type { ExamplePsiJobArgs } from "./examplePsiJob";
export { peerFromStack, peerFromFile } from "./peer";
export type { PartnerExpectation } from "./peer";
export type { PeerHandshake, PeerHandshake03, PeerHandshake11 } from "./peer";
export { KusciaValidationError } from "./validation";
export type { KusciaGeneration } from "./generations";
export type { KusciaProtocol } from "./kuscia-1.1/protocol";
export * as defaults from "./defaults";
