/**
 * The container's hostname as kuscia.sh's generate_hostname makes it: `<container>-<host's hostname>`,
 * cut to 63 characters, upper case lowered, `_` and `.` turned into `-`, then one leading and one
 * trailing character other than [a-z0-9] dropped.
 */
export function kusciaHostname(containerName: string, hostName: string): string {
    return `${containerName}-${hostName}`
        .slice(0, 63)
        .toLowerCase()
        .replace(/[_.]/g, "-")
        .replace(/^[^a-z0-9]/, "")
        .replace(/[^a-z0-9]$/, "");
}
