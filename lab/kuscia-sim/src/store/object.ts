export interface ObjectMeta {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
}

/** A Kubernetes-style object as the sim stores it. */
export interface KObject {
    apiVersion: string;
    kind: string;
    metadata: ObjectMeta;
    spec?: any;
    status?: any;
    [key: string]: unknown;
}

/** A time as Kubernetes writes one into an object (metav1.Time: RFC 3339 in UTC, whole seconds). */
export function kubeTime(ms = Date.now()): string {
    return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}
