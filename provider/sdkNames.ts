// How `pulumi package gen-sdk` names the schema's resources, types and properties in each language's SDK.
// The schema's names are the TypeScript ones (camelCase properties); YAML uses them as they are.

/** Python's name of a property: snake_case (`gatewayPort` → `gateway_port`, `apiHttpPort` → `api_http_port`). */
export function pythonName(name: string): string {
    return name
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .toLowerCase();
}

/** Go's name of a property or a type: exported, the first letter in capitals (`domainId` → `DomainId`). */
export function goName(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The Python module of a resource (`KusciaAutonomyNode` → `kuscia_autonomy_node.py`, in `pulumi_kuscia`). */
export function pythonModule(resourceName: string): string {
    return `${pythonName(resourceName)}.py`;
}

/** The Go file of a resource (`KusciaAutonomyNode` → `kusciaAutonomyNode.go`, in package `kuscia`). */
export function goFile(resourceName: string): string {
    return `${resourceName.charAt(0).toLowerCase()}${resourceName.slice(1)}.go`;
}

/** Where the Python and Go SDKs declare the object types' input classes. */
export const pythonTypesModule = "_inputs.py";
export const goTypesFile = "pulumiTypes.go";

/** An object type's class in the Python and Go SDKs when it is an input (`Connection` → `ConnectionArgs`). */
export function inputTypeClass(typeName: string): string {
    return `${typeName}Args`;
}
