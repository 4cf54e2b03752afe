/**
 * Local Fulcio, Rekor, TSA and an Actions OIDC token endpoint on 127.0.0.1, built from
 * @sigstore/mock's handlers (the well-kept fake, STYLE.md §10) behind a real HTTP server so that
 * spawned CLIs and bundled actions can use them too, plus the matching trusted_root.json.
 */
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler, rekorV2Handler, tsaHandler, type HandlerFn } from "@sigstore/mock";

export interface LocalSigstore {
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL for the token endpoint. */
  tokenUrl: string;
  tokenRequestToken: string;
  trustedRoot: Record<string, unknown>;
  identity: { subject: string; issuer: string };
  close(): Promise<void>;
}

const ISSUER = "https://token.actions.githubusercontent.com";
const SUBJECT = "https://github.com/stella/ops/.github/workflows/release.yml@refs/heads/main";

function pair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" });
}

function b64(data: ArrayBufferView | Buffer): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

export function fakeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}.${Buffer.from("not-signed").toString("base64url")}`;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * `certClock` back-dates the Fulcio CA so its certificates are already expired when Rekor logs
 * the signature (the "expired certificate" tamper case).
 */
export async function startLocalSigstore(options: { subject?: string; issuer?: string; certClock?: Date } = {}): Promise<LocalSigstore> {
  const subject = options.subject ?? SUBJECT;
  const issuer = options.issuer ?? ISSUER;
  const ctKeys = pair();
  const caKeys = pair();
  const tlogKeys = pair();
  const tsaKeys = pair();
  // Fixed clocks: @sigstore/core parses GeneralizedTime only with no or exactly three fraction
  // digits, and the mock TSA writes DER times whose trailing zeros are trimmed (".12Z"), so a
  // wall-clock TSA fails about one timestamp in ten. The TSA therefore stamps a fixed time with
  // .123 ms, one minute into the certificates' ten-minute validity (CA clock fixed at start).
  const started = new Date(Math.floor(Date.now() / 1000) * 1000);
  const ctlog = await initializeCTLog(ctKeys, options.certClock ?? started);
  const ca = await initializeCA(caKeys, ctlog, options.certClock ?? started);
  const tsa = await initializeTSA(tsaKeys, new Date(started.getTime() + 60_123));
  const routes = new Map<string, HandlerFn>();
  const tokenRequestToken = "local-request-token";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/token") {
        if (req.headers.authorization !== `bearer ${tokenRequestToken}`) {
          res.writeHead(401).end();
          return;
        }
        const aud = url.searchParams.get("audience") ?? "";
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: fakeJwt({ iss: issuer, sub: subject, aud }) }));
        return;
      }
      const fn = routes.get(url.pathname);
      if (!fn) {
        res.writeHead(404).end();
        return;
      }
      fn(Buffer.concat(chunks).toString()).then(
        (r) => {
          res.writeHead(r.statusCode, { "content-type": r.contentType ?? "application/json" });
          res.end(typeof r.response === "string" ? r.response : Buffer.from(r.response.buffer, r.response.byteOffset, r.response.byteLength));
        },
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  const base = await listen(server);
  const tlog = await initializeTLog(base, tlogKeys);
  for (const h of [fulcioHandler(ca), rekorHandler(tlog), rekorV2Handler(tlog), tsaHandler(tsa)]) routes.set(h.path, h.fn);
  const start = "2000-01-01T00:00:00Z";
  const spki = (k: KeyObject) => k.export({ type: "spki", format: "der" });
  const trustedRoot = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [
      {
        baseUrl: base,
        hashAlgorithm: "SHA2_256",
        publicKey: { rawBytes: tlog.publicKey.toString("base64"), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor: { start } },
        logId: { keyId: createHash("sha256").update(tlog.publicKey).digest("base64") },
      },
    ],
    certificateAuthorities: [
      { subject: { organization: "sigstore.mock", commonName: "sigstore" }, uri: base, certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] }, validFor: { start } },
    ],
    ctlogs: [
      {
        baseUrl: base,
        hashAlgorithm: "SHA2_256",
        publicKey: { rawBytes: spki(ctKeys.publicKey).toString("base64"), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor: { start } },
        logId: { keyId: b64(ctlog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: "sigstore.mock", commonName: "tsa" },
        uri: base,
        certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] },
        validFor: { start },
      },
    ],
  };
  return {
    fulcioUrl: base,
    rekorUrl: base,
    tsaUrl: base,
    tokenUrl: `${base}/token`,
    tokenRequestToken,
    trustedRoot,
    identity: { subject, issuer },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
