import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { AuthorizationRun, AuthorizationStatus, TrustSide } from "./types";

/*
 * Across organisations each side runs its own steps and publishes a handshake for the other. The
 * local side moves through the same states in every generation: waiting for the partner's
 * handshake; granted (it trusts the partner, who has not yet trusted it back); verified (traffic
 * passed in its direction). Every up moves it as far as the partner's latest handshake allows.
 */

/** The local side of a cross-organisation trust. */
export interface LocalTrust<H> {
    handshake: pulumi.Output<H>;
    status: AuthorizationStatus;
    /** Resolves once the local steps ran. */
    settled: pulumi.Output<string>;
    message: string;
}

/** What a generation does at each state, on the local node. */
export interface CrossOrganisationSteps<H> {
    /** What the partner's handshake carries, for the message while it is missing. */
    readonly handshakeHolds: string;
    /** The local node trusts the partner, from its handshake alone. */
    grant(run: AuthorizationRun, local: TrustSide<H>, peer: H): command.remote.Command;
    /** Whether the partner's handshake says it trusts the local node already. */
    grantedBack(peer: H): boolean;
    /** Once it does: what the local node still runs, ending with the check of its direction. */
    complete(
        run: AuthorizationRun,
        local: TrustSide<H>,
        peer: H,
        grant: command.remote.Command,
    ): command.remote.Command;
    /** What the local node publishes: its own handshake and, once it granted, what the grant gives the partner. */
    handshake(local: TrustSide<H>, peer: H | undefined, grant: command.remote.Command | undefined): pulumi.Output<H>;
    /** The message once granted, and once verified. */
    grantedMessage(me: string, partner: string): string;
    verifiedMessage(me: string, partner: string): string;
}

export function crossOrganisationTrust<H extends { domainId: string }>(
    run: AuthorizationRun,
    local: TrustSide<H>,
    partnerDomainId: string,
    peer: H | undefined,
    steps: CrossOrganisationSteps<H>,
): LocalTrust<H> {
    const me = local.domainId;
    const grant = peer === undefined ? undefined : steps.grant(run, local, peer);
    const completed =
        peer === undefined || !steps.grantedBack(peer) ? undefined : steps.complete(run, local, peer, grant!);
    const status: AuthorizationStatus =
        peer === undefined ? "waiting-for-peer" : completed === undefined ? "granted" : "verified";
    const message =
        status === "waiting-for-peer"
            ? `${me}: waiting for ${partnerDomainId}'s handshake (${steps.handshakeHolds}). Publish this stack's handshake to ` +
              `${partnerDomainId} and run up again once it has run up.`
            : status === "granted"
              ? steps.grantedMessage(me, peer!.domainId)
              : steps.verifiedMessage(me, peer!.domainId);
    return {
        handshake: steps.handshake(local, peer, grant),
        status,
        settled: pulumi.output((completed ?? grant)?.stdout ?? ""),
        message,
    };
}
