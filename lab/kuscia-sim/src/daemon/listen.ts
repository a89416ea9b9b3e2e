import * as net from "net";

/** Starts `server` on host:port; rejects with the listen error (EADDRINUSE and the like). */
export function listen<T extends net.Server>(server: T, host: string, port: number): Promise<T> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve(server);
        });
    });
}
