import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { HttpError, httpStreamRequest } from "@stella/http";

// httpStreamRequest (node:http) must keep the rules of httpRequest: retries with
// Retry-After, credentials never sent across origins, a timeout until the headers.
const servers: Server[] = [];
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
}
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});
const text = async (r: Readable) => {
  let t = "";
  for await (const c of r) t += (c as Buffer).toString();
  return t;
};

describe("httpStreamRequest", () => {
  it("retries 503/429 (honouring Retry-After) and replays a bytes body", async () => {
    let calls = 0;
    const bodies: string[] = [];
    const url = await serve((req, res) => {
      calls++;
      void text(req).then((b) => {
        bodies.push(b);
        if (calls === 1) res.writeHead(503).end("busy");
        else if (calls === 2) res.writeHead(429, { "retry-after": "0" }).end();
        else res.writeHead(201, { "x-n": String(calls) }).end("ok");
      });
    });
    const retries: string[] = [];
    const res = await httpStreamRequest({ method: "PUT", url, body: Buffer.from("payload"), retry: { minDelayMs: 1, maxDelayMs: 5 }, onRetry: (i) => retries.push(i.reason) });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-n")).toBe("3");
    expect(await text(res.body)).toBe("ok");
    expect(bodies).toEqual(["payload", "payload", "payload"]);
    expect(retries).toEqual(["HTTP 503", "HTTP 429"]);
  });

  it("streams a body from a factory and throws HttpError with the status and an excerpt", async () => {
    const url = await serve((req, res) => void text(req).then((b) => res.writeHead(400, { "content-type": "application/json" }).end(`{"errors":[{"code":"BAD","got":"${b}"}]}`)));
    const err = await httpStreamRequest({ method: "PUT", url, body: () => Readable.from([Buffer.from("a"), Buffer.from("b")]), retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).body).toContain('"got":"ab"');
    const ok = await httpStreamRequest({ url, acceptStatus: [400] });
    expect(ok.status).toBe(400);
  });

  it("drops Authorization on a redirect to another origin, keeps it on the same origin", async () => {
    const seen: (string | undefined)[] = [];
    const other = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200).end("blob");
    });
    const front = await serve((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === "/start") res.writeHead(307, { location: "/same" }).end();
      else res.writeHead(307, { location: `${other}/elsewhere` }).end();
    });
    const res = await httpStreamRequest({ url: `${front}/start`, headers: { authorization: "Bearer secret" } });
    expect(await text(res.body)).toBe("blob");
    expect(res.url).toBe(`${other}/elsewhere`);
    expect(seen).toEqual(["Bearer secret", "Bearer secret", undefined]);
  });

  it("times out when the headers do not come, after bounded retries", async () => {
    const url = await serve(() => undefined);
    const err = await httpStreamRequest({ url, timeoutMs: 100, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).code).toBe("HTTP_TIMEOUT");
  });
});
