// Private keys in text that may hold them as PEM, also JSON-escaped once or more (stack exports).

/** Undoes JSON escaping of line breaks, however deep: `\n`, `\\n`, `\\\\n`... become a newline. */
function unescapeLineBreaks(text: string): string {
    return text.replace(/\\+r/g, "").replace(/\\+n/g, "\n");
}

/** The bodies (base64, no line breaks) of the PRIVATE KEY PEM blocks in the text. */
export function privateKeyBodies(text: string): string[] {
    const re = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----([\s\S]*?)-----END \1-----/g;
    return [...new Set([...unescapeLineBreaks(text).matchAll(re)].map(m => m[2].replace(/\s+/g, "")))];
}

/** Whether the text holds the key body, whatever its line breaks or escaping. */
export function holdsKeyBody(text: string, body: string): boolean {
    return unescapeLineBreaks(text).replace(/\s+/g, "").includes(body);
}
