export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DOMAIN_ID = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;
export const RESERVED_DOMAIN_IDS = [
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "master",
    "cross-domain",
];

const SUBDOMAIN_HELP =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

// apimachinery's RegexError puts ", " after each example and " or " between them: hence the two spaces.
const LABEL_HELP =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation " +
    "is " +
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Problems with an object name, in Kubernetes' wording; empty when the name is valid. */
export function nameProblems(kind: string, name: string): string[] {
    if (kind === "Namespace") return labelProblems(name);
    const problems: string[] = [];
    if (name.length > 253) problems.push("must be no more than 253 characters");
    if (!DNS1123_SUBDOMAIN.test(name)) problems.push(SUBDOMAIN_HELP);
    if (kind === "Domain") {
        if (problems.length === 0 && !DOMAIN_ID.test(name))
            problems.push("a domain id must match ^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$");
        if (RESERVED_DOMAIN_IDS.includes(name)) problems.push("is a reserved domain id");
    }
    return problems;
}

/** apimachinery IsDNS1123Label, which ValidateNamespaceName applies to a Namespace's name. */
function labelProblems(name: string): string[] {
    const problems: string[] = [];
    if (name.length > 63) problems.push("must be no more than 63 characters");
    if (!DNS1123_LABEL.test(name)) problems.push(LABEL_HELP);
    return problems;
}
