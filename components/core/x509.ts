import * as crypto from "crypto";

/*
 * What the library reads of the certificates and CSRs partners exchange: who they name, which key
 * they carry, who signed them, and their SHA-256 fingerprints.
 */

/** The DER of the first PEM block of `label` in `pem`; undefined when there is none. */
export function pemDer(pem: string, label: string): Buffer | undefined {
    const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
    return m ? Buffer.from(m[1].replace(/\s+/g, ""), "base64") : undefined;
}

/** A certificate's SHA-256 fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it: `AB:CD:...`. */
export function sha256Fingerprint(certPem: string): string {
    const der = pemDer(certPem, "CERTIFICATE") ?? Buffer.alloc(0);
    return crypto.createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g)!.join(":");
}

/**
 * A fingerprint as the operator may write it (colons or not, any case, `sha256:` or openssl's `SHA256 Fingerprint=`
 * before it), normalized.
 */
export function normalizeFingerprint(value: string): string | undefined {
    const hex = value
        .trim()
        .replace(/^(sha256:|sha256 fingerprint=)/i, "")
        .replace(/:/g, "");
    return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toUpperCase().match(/../g)!.join(":") : undefined;
}

export function certificate(pem: string): crypto.X509Certificate | undefined {
    try {
        return new crypto.X509Certificate(pem);
    } catch {
        return undefined;
    }
}

/** The CN of an X.509 subject as Node prints it (`CN=bob`, one attribute a line). */
export function commonNameOf(subject: string): string | undefined {
    return subject
        .split("\n")
        .find(line => line.startsWith("CN="))
        ?.slice(3);
}

/** Whether two public keys are the same key. */
export function sameKey(a: crypto.KeyObject, b: crypto.KeyObject): boolean {
    return a.export({ type: "spki", format: "der" }).equals(b.export({ type: "spki", format: "der" }));
}

/** One DER element: its tag and where its content lies. */
interface Element {
    tag: number;
    start: number;
    content: number;
    end: number;
}

function element(der: Buffer, at: number): Element {
    if (at + 2 > der.length) {
        throw new Error("truncated DER");
    }
    const tag = der[at];
    let length = der[at + 1];
    let content = at + 2;
    if (length & 0x80) {
        const bytes = length & 0x7f;
        if (bytes === 0 || bytes > 4 || content + bytes > der.length) {
            throw new Error("bad DER length");
        }
        length = 0;
        for (let i = 0; i < bytes; i++) {
            length = length * 256 + der[content + i];
        }
        content += bytes;
    }
    if (content + length > der.length) {
        throw new Error("truncated DER");
    }
    return { tag, start: at, content, end: content + length };
}

/** The elements inside a constructed element. */
function children(der: Buffer, parent: Element): Element[] {
    const out: Element[] = [];
    for (let at = parent.content; at < parent.end;) {
        const e = element(der, at);
        out.push(e);
        at = e.end;
    }
    return out;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
/** 2.5.4.3, commonName. */
const commonNameOid = Buffer.from([0x55, 0x04, 0x03]);

/** The subject CN and public key of a PKCS#10 certificate request; undefined when it is not one. */
export function certificateRequest(pem: string): { commonName?: string; publicKey: crypto.KeyObject } | undefined {
    const der = pemDer(pem, "CERTIFICATE REQUEST");
    if (der === undefined) {
        return undefined;
    }
    try {
        const request = element(der, 0);
        const info = children(der, request)[0];
        if (request.tag !== SEQUENCE || info?.tag !== SEQUENCE) {
            return undefined;
        }
        const [, subject, spki] = children(der, info);
        if (subject?.tag !== SEQUENCE || spki?.tag !== SEQUENCE) {
            return undefined;
        }
        let commonName: string | undefined;
        for (const rdn of children(der, subject).filter(e => e.tag === SET)) {
            for (const attribute of children(der, rdn)) {
                const [type, value] = children(der, attribute);
                if (
                    type?.tag === OID &&
                    der.subarray(type.content, type.end).equals(commonNameOid) &&
                    value !== undefined
                ) {
                    commonName = der.subarray(value.content, value.end).toString("utf8");
                }
            }
        }
        const publicKey = crypto.createPublicKey({
            key: der.subarray(spki.start, spki.end),
            format: "der",
            type: "spki",
        });
        return { commonName, publicKey };
    } catch {
        return undefined;
    }
}

/**
 * One PEM block of the given label: base64 lines between its lines; nothing else (no text a shell or sed could read as
 * code).
 */
export function isPemBlock(value: unknown, label: string): boolean {
    return (
        typeof value === "string" &&
        new RegExp(`^-----BEGIN ${label}-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END ${label}-----\\s*$`).test(value)
    );
}
