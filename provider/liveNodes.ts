import * as pulumi from "@pulumi/pulumi";
import { componentTypes, packageModule, packageName } from "../components/core/typeTokens";
import { KusciaAutonomyNode } from "../components/kusciaAutonomyNode";

/**
 * The nodes this provider process constructed, by URN. A program in another language passes a node to a
 * MutualAuthorization or an ExamplePsiJob as a resource reference; the engine constructs every component of one
 * deployment in the package's one provider process, so the reference resolves to the live node.
 */
const nodes = new Map<string, KusciaAutonomyNode>();

export function rememberNode(node: KusciaAutonomyNode): void {
    node.urn.apply(urn => nodes.set(urn, node));
}

/** Resolves references to nodes (componentTypes.KusciaAutonomyNode) while construct's inputs are read. */
export function registerNodeReferences(): void {
    pulumi.runtime.registerResourceModule(packageName, packageModule, {
        construct(name: string, type: string, urn: string): pulumi.Resource {
            const node = nodes.get(urn);
            if (type !== componentTypes.KusciaAutonomyNode || node === undefined) {
                throw new Error(
                    `${urn} is not a KusciaAutonomyNode of this deployment: pass a node the same program made ` +
                        "with the same provider",
                );
            }
            return node;
        },
    });
}
