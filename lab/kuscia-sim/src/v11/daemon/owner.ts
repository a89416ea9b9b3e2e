import { API_VERSION } from "../../store/kinds";
import { KObject } from "../../store/object";

/** metav1.NewControllerRef. */
export function controllerRef(owner: KObject): Record<string, unknown> {
    return {
        apiVersion: API_VERSION,
        kind: owner.kind,
        name: owner.metadata.name,
        uid: owner.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
    };
}

/** metav1.IsControlledBy. */
export function isControlledBy(obj: KObject, owner: KObject): boolean {
    const refs: any[] = Array.isArray(obj.metadata.ownerReferences) ? (obj.metadata.ownerReferences as any[]) : [];
    return refs.some(r => r.controller && r.uid === owner.metadata.uid);
}
