import { generation } from "../common/generation";

export const GROUP = "kuscia.secretflow";
export const API_VERSION = `${GROUP}/v1alpha1`;

export interface Column {
    readonly header: string;
    /** A JSONPath into the object. */
    readonly path: string;
    /** Dates print as an age, like kubectl's printer columns of type date. */
    readonly date?: boolean;
}

export interface KindInfo {
    readonly kind: string;
    readonly plural: string;
    readonly singular: string;
    readonly shortNames: readonly string[];
    readonly namespaced: boolean;
    /** The CRD's additionalPrinterColumns; none means NAME and AGE. */
    readonly columns: readonly Column[];
    /** "" for Kubernetes' core group (Namespace); Kuscia's kinds leave it out (GROUP). */
    readonly group?: string;
}

const routeColumns: Column[] = [
    { header: "SOURCE", path: ".spec.source" },
    { header: "DESTINATION", path: ".spec.destination" },
    { header: "HOST", path: ".spec.endpoint.host" },
    { header: "AUTHENTICATION", path: ".spec.authenticationType" },
];

const runColumns: Column[] = [
    { header: "STARTTIME", path: ".status.startTime", date: true },
    { header: "COMPLETIONTIME", path: ".status.completionTime", date: true },
    { header: "LASTRECONCILETIME", path: ".status.lastReconcileTime", date: true },
    { header: "PHASE", path: ".status.phase" },
];

export const KINDS_V03: readonly KindInfo[] = [
    { kind: "Domain", plural: "domains", singular: "domain", shortNames: [], namespaced: false, columns: [] },
    {
        kind: "DomainRoute",
        plural: "domainroutes",
        singular: "domainroute",
        shortNames: ["dr"],
        namespaced: true,
        columns: routeColumns,
    },
    {
        kind: "ClusterDomainRoute",
        plural: "clusterdomainroutes",
        singular: "clusterdomainroute",
        shortNames: ["cdr"],
        namespaced: false,
        columns: [...routeColumns, { header: "READY", path: '.status.conditions[?(@.type=="Ready")].status' }],
    },
    {
        kind: "KusciaJob",
        plural: "kusciajobs",
        singular: "kusciajob",
        shortNames: ["kj"],
        namespaced: false,
        columns: runColumns,
    },
    {
        kind: "KusciaTask",
        plural: "kusciatasks",
        singular: "kusciatask",
        shortNames: ["kt"],
        namespaced: false,
        columns: runColumns,
    },
    {
        kind: "AppImage",
        plural: "appimages",
        singular: "appimage",
        shortNames: ["aimg"],
        namespaced: false,
        columns: [],
    },
    {
        kind: "InteropConfig",
        plural: "interopconfigs",
        singular: "interopconfig",
        shortNames: ["interop"],
        namespaced: false,
        columns: [],
    },
    {
        kind: "Gateway",
        plural: "gateways",
        singular: "gateway",
        shortNames: ["gw"],
        namespaced: true,
        columns: [
            { header: "CREATIONTIME", path: ".metadata.creationTimestamp" },
            { header: "UPTIME", path: ".status.uptime" },
            { header: "HEARTBEATTIME", path: ".status.heartbeatTime" },
            { header: "ADDRESS", path: ".status.address" },
            { header: "VERSION", path: ".status.version" },
        ],
    },
    {
        kind: "DomainDataSource",
        plural: "domaindatasources",
        singular: "domaindatasource",
        shortNames: ["dds"],
        namespaced: true,
        columns: [],
    },
    {
        kind: "DomainData",
        plural: "domaindatas",
        singular: "domaindata",
        shortNames: ["kdd"],
        namespaced: true,
        columns: [],
    },
    {
        kind: "Namespace",
        plural: "namespaces",
        singular: "namespace",
        shortNames: ["ns"],
        namespaced: false,
        group: "",
        columns: [
            { header: "STATUS", path: ".status.phase" },
            { header: "AGE", path: ".metadata.creationTimestamp", date: true },
        ],
    },
];

/**
 * Kuscia 1.1.0b0's kinds where they differ from 0.3's: KusciaJob and KusciaTask are namespaced
 * (crds/v1alpha1/kuscia.secretflow_kusciajobs.yaml, _kusciatasks.yaml), and DomainDataGrant exists.
 */
export const KINDS_V11: readonly KindInfo[] = [
    ...KINDS_V03.map(k => (k.kind === "KusciaJob" || k.kind === "KusciaTask" ? { ...k, namespaced: true } : k)),
    {
        kind: "DomainDataGrant",
        plural: "domaindatagrants",
        singular: "domaindatagrant",
        shortNames: ["ddg"],
        namespaced: true,
        columns: [],
    },
];

/** The kinds of the generation this tree was staged for. */
export function activeKinds(): readonly KindInfo[] {
    return generation() === "1.1" ? KINDS_V11 : KINDS_V03;
}

export function groupOf(kind: KindInfo): string {
    return kind.group ?? GROUP;
}

/** How kubectl names the resource in its messages: `domain.kuscia.secretflow`, `namespace`. */
export function resourceRef(kind: KindInfo): string {
    const group = groupOf(kind);
    return group ? `${kind.singular}.${group}` : kind.singular;
}

/** Finds a kind the way kubectl resolves a resource name: plural, singular, short name or Kind, optionally `.group`. */
export function resolveKind(name: string): KindInfo | undefined {
    let n = name.toLowerCase();
    let grouped = false;
    for (const suffix of [`.v1alpha1.${GROUP}`, `.${GROUP}`]) {
        if (!n.endsWith(suffix)) continue;
        n = n.slice(0, -suffix.length);
        grouped = true;
    }
    return activeKinds().find(
        k =>
            (!grouped || groupOf(k) === GROUP) &&
            (k.plural === n || k.singular === n || k.kind.toLowerCase() === n || k.shortNames.includes(n)),
    );
}

export function kindOf(kind: string): KindInfo | undefined {
    return activeKinds().find(k => k.kind === kind);
}
