import * as crypto from "crypto";
import { kindOf } from "../store/kinds";
import { Store } from "../store/store";

const DOMAIN = kindOf("Domain")!;

export type Grant = { ok: true; domain: string } | { ok: false; reason: string };

/**
 * Whether a client certificate belongs to a granted partner: issued by this node's CA and currently
 * valid, with a Domain named after its CN, of role partner, whose spec.cert is this very certificate.
 * Read from the store on every call, so a revoked grant takes effect at the next connection.
 */
export function checkGrant(store: Store, ca: crypto.X509Certificate, certDer: Buffer | undefined, now = Date.now()): Grant {
  if (!certDer || certDer.length === 0) return { ok: false, reason: "no client certificate" };
  const cert = new crypto.X509Certificate(certDer);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { ok: false, reason: `client certificate ${cert.subject.replace(/\n/g, ",")} not signed by this node's CA` };
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return { ok: false, reason: "client certificate expired or not yet valid" };
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  if (!cn) return { ok: false, reason: "client certificate has no CN" };
  const domain = store.get(DOMAIN, undefined, cn);
  if (!domain) return { ok: false, reason: `no Domain ${cn} (not granted: run add_domain.sh ${cn})` };
  if (domain.spec?.role !== "partner") return { ok: false, reason: `Domain ${cn} has role '${domain.spec?.role ?? ""}', not partner` };
  let granted: crypto.X509Certificate;
  try {
    granted = new crypto.X509Certificate(Buffer.from(String(domain.spec?.cert ?? ""), "base64"));
  } catch {
    return { ok: false, reason: `Domain ${cn} has no valid spec.cert` };
  }
  if (granted.fingerprint256 !== cert.fingerprint256) return { ok: false, reason: `certificate differs from Domain ${cn}'s spec.cert` };
  return { ok: true, domain: cn };
}
