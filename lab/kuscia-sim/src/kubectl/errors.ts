/** An error kubectl prints as is on stderr before exiting with `code`. */
export class KubectlError extends Error {
    constructor(
        message: string,
        readonly code = 1,
    ) {
        super(message);
    }
}

export function notFound(plural: string, name: string): KubectlError {
    return new KubectlError(`Error from server (NotFound): ${plural} "${name}" not found`);
}

export function unknownResource(name: string): KubectlError {
    return new KubectlError(`error: the server doesn't have a resource type "${name}"`);
}
