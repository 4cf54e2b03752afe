import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The example feeds of `stella pipeline run`: an NVD CVE API 2.0 mirror served from memory
 * on 127.0.0.1 (loopback only, never the internet), paged by startIndex/resultsPerPage as
 * the real API is, so the OUK stage runs the same fetch code it runs against a mirror.
 */
const EXAMPLE_CVES = [
  ["CVE-2024-0001", "2024-01-10T10:00:00.000", "Example: heap overflow in libexample before 1.2.3."],
  ["CVE-2024-0002", "2024-02-11T11:00:00.000", "Example: path traversal in example-server."],
  ["CVE-2024-0003", "2024-03-12T12:00:00.000", "Example: denial of service in example-parser."],
  ["CVE-2025-0004", "2025-04-13T13:00:00.000", "Example: signature bypass in example-verify."],
  ["CVE-2025-0005", "2025-05-14T14:00:00.000", "Example: SSRF in example-proxy."],
  ["CVE-2027-0006", "2027-05-15T15:00:00.000", "Example: use after free in example-daemon."],
] as const;

export interface ExampleFeedServer {
  baseUrl: string;
  requests: number;
  close(): Promise<void>;
}

export async function startExampleNvdMirror(): Promise<ExampleFeedServer> {
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/rest/json/cves/2.0") {
      res.writeHead(404).end();
      return;
    }
    const start = Number(url.searchParams.get("startIndex") ?? "0");
    const size = Math.min(2000, Number(url.searchParams.get("resultsPerPage") ?? "2000"));
    const page = EXAMPLE_CVES.slice(start, start + size);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        resultsPerPage: page.length,
        startIndex: start,
        totalResults: EXAMPLE_CVES.length,
        format: "NVD_CVE",
        version: "2.0",
        timestamp: "2027-06-20T00:00:00.000",
        vulnerabilities: page.map(([id, modified, text]) => ({
          cve: { id, sourceIdentifier: "example@stella.invalid", published: modified, lastModified: modified, vulnStatus: "Analyzed", descriptions: [{ lang: "en", value: text }] },
        })),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
