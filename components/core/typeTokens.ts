/** The Pulumi package the components belong to: in every language, its resources' types are `kuscia:index:<Name>`. */
export const packageName = "kuscia";
/** The package's one module. */
export const packageModule = "index";

/** The type token of the package's resource or type `name`. */
export function typeToken<N extends string>(name: N): `kuscia:index:${N}` {
    return `${packageName}:${packageModule}:${name}`;
}

/** The name in a type token of the package (`kuscia:index:Connection` → `Connection`). */
export function tokenName(token: string): string {
    return token.slice(typeToken("").length);
}

/** The components' type tokens, as they register themselves and as the package's schema declares them. */
export const componentTypes = {
    KusciaAutonomyNode: typeToken("KusciaAutonomyNode"),
    MutualAuthorization: typeToken("MutualAuthorization"),
    ExamplePsiJob: typeToken("ExamplePsiJob"),
    KusciaCluster: typeToken("KusciaCluster"),
} as const;
