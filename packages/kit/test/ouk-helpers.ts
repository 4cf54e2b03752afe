import { generateKeyPairSync } from "node:crypto";
import { generateKeyPair, loadPrivateKey, type PrivateKey } from "@stella/signing";
import { issueClientToken } from "../src/ouk/client-token.js";

/** A cosign key pair (encrypted cosign.key + cosign.pub) loaded for signing. */
export async function cosignKey(): Promise<{ key: PrivateKey; publicPem: string; privatePem: string; password: string }> {
  const password = "kit-test";
  const pair = await generateKeyPair({ password, scrypt: { N: 1024, r: 8, p: 1 } });
  return { key: await loadPrivateKey(pair.privatePem, password, "cosign.key"), publicPem: pair.publicPem, privatePem: pair.privatePem, password };
}

/** A client.jwt issued `daysLeft` days before expiry relative to `now`. */
export async function clientJwt(now: Date, ttlDays: number): Promise<string> {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return issueClientToken({ privateKeyPem: pem, issuer: "https://authority.stella-ops.test", subject: "customer-42", issuedAt: now, ttlDays });
}
