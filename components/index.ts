export * from "./kusciaAutonomyNode";
export * from "./mutualAuthorization";
export * from "./examplePsiJob";
export * from "./kusciaCluster";
export * from "./peer";
export * from "./validation";
export * as defaults from "./defaults";
