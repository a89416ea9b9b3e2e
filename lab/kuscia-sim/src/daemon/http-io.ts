import * as http from "http";

export function readJson(req: http.IncomingMessage, limit = 64 * 1024 * 1024): Promise<any> {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > limit) {
                reject(new Error("request body too large"));
                req.destroy();
            } else chunks.push(c);
        });
        req.on("end", () => {
            try {
                resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {});
            } catch {
                reject(new Error("request body is not JSON"));
            }
        });
        req.on("error", reject);
    });
}

/** `body` as JSON; `suffix` follows it (Go's json.Encoder ends its output with a newline). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, suffix = ""): void {
    const text = JSON.stringify(body) + suffix;
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
}

export function sendText(res: http.ServerResponse, status: number, text: string): void {
    res.writeHead(status, { "content-type": "text/plain", "content-length": Buffer.byteLength(text) });
    res.end(text);
}

/** A request header's (first) value, "" when it is missing. */
export function header(req: http.IncomingMessage, name: string): string {
    const v = req.headers[name];
    return (Array.isArray(v) ? v[0] : v) ?? "";
}
