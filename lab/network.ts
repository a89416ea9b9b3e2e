import * as fs from "node:fs";
import { bridge, bridgeAddress, HostSpec, prefixLength } from "./config";
import { run, tryRun } from "./proc";

// br_netfilter makes bridged frames traverse the root namespace's FORWARD chain;
// a root dockerd elsewhere may set its policy to DROP, so lab-to-lab frames get an explicit accept.
const forwardRule = ["FORWARD", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", "klab", "-j", "ACCEPT"];

const linkExists = (name: string, netns?: string) =>
    tryRun("ip", [...(netns ? ["-n", netns] : []), "link", "show", name]).status === 0;

const hasAddress = (dev: string, cidr: string, netns?: string) =>
    run("ip", [...(netns ? ["-n", netns] : []), "-o", "addr", "show", "dev", dev]).includes(` ${cidr} `);

export const netnsPath = (netns: string) => `/var/run/netns/${netns}`;

export function ensureBridge(): void {
    if (!linkExists(bridge)) run("ip", ["link", "add", bridge, "type", "bridge"]);
    tryRun("sysctl", ["-qw", `net.ipv6.conf.${bridge}.disable_ipv6=1`]);
    const cidr = `${bridgeAddress}/${prefixLength}`;
    if (!hasAddress(bridge, cidr)) run("ip", ["addr", "add", cidr, "dev", bridge]);
    run("ip", ["link", "set", bridge, "up"]);
    if (tryRun("iptables", ["-C", ...forwardRule]).status !== 0) run("iptables", ["-I", ...forwardRule]);
}

export function removeBridge(): void {
    while (tryRun("iptables", ["-C", ...forwardRule]).status === 0) run("iptables", ["-D", ...forwardRule]);
    if (linkExists(bridge)) run("ip", ["link", "del", bridge]);
}

/** The host's namespace with eth0 on the bridge, its address, and no route beyond the lab subnet. */
export function ensureHostNetwork(h: HostSpec): void {
    if (!fs.existsSync(netnsPath(h.netns))) run("ip", ["netns", "add", h.netns]);
    if (!linkExists(h.vethRoot)) {
        tryRun("ip", ["-n", h.netns, "link", "del", "eth0"]);
        run("ip", ["link", "add", h.vethRoot, "type", "veth", "peer", "name", "eth0", "netns", h.netns]);
    }
    tryRun("sysctl", ["-qw", `net.ipv6.conf.${h.vethRoot}.disable_ipv6=1`]);
    run("ip", ["link", "set", h.vethRoot, "master", bridge, "up"]);
    run("nsenter", [`--net=${netnsPath(h.netns)}`, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"]);
    run("ip", ["-n", h.netns, "link", "set", "lo", "up"]);
    const cidr = `${h.address}/${prefixLength}`;
    if (!hasAddress("eth0", cidr, h.netns)) run("ip", ["-n", h.netns, "addr", "add", cidr, "dev", "eth0"]);
    run("ip", ["-n", h.netns, "link", "set", "eth0", "up"]);
}

export function removeHostNetwork(h: HostSpec): void {
    if (linkExists(h.vethRoot)) run("ip", ["link", "del", h.vethRoot]);
    if (fs.existsSync(netnsPath(h.netns))) run("ip", ["netns", "del", h.netns]);
}

/** Names of lab namespaces present on the machine (klab-hostN), whoever made them. */
export function labNamespaces(): string[] {
    try {
        return fs.readdirSync("/var/run/netns").filter(n => /^klab-host\d+$/.test(n));
    } catch {
        return [];
    }
}
