import { bodyOf } from "./blobs.js";
import type { RegistryClient } from "./client.js";
import { RegistryError } from "./errors.js";

/** The `rel="next"` target of a `Link` header (RFC 8288), as the distribution spec paginates. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel="?next"?\s*(;|$)/i.test(m[2] ?? "")) return m[1];
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * GET /v2/<name>/tags/list?n=<page> following `Link: <…>; rel="next"` until the end
 * (distribution spec "Listing Tags"). A repository the registry does not know has no tags.
 */
export async function listTags(client: RegistryClient, pageSize = 1000): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${client.repository}/tags/list?n=${pageSize}`;
  for (let page = 0; path !== undefined; page++) {
    if (page > 10_000) throw new RegistryError(`registry ${client.registry} paginates the tags of ${client.repository} without end`, { code: "PROTOCOL" });
    const res = await client.request({ path, accept: [404] });
    if (res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    const chunks: Uint8Array[] = [];
    for await (const c of bodyOf(res)) chunks.push(c);
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      throw new RegistryError(`registry ${client.registry} sent a tag list for ${client.repository} that is not JSON`, { code: "PROTOCOL" });
    }
    if (!isRecord(doc) || (doc.tags !== null && doc.tags !== undefined && !Array.isArray(doc.tags))) {
      throw new RegistryError(`registry ${client.registry} sent a tag list for ${client.repository} without a "tags" array`, { code: "PROTOCOL" });
    }
    for (const t of Array.isArray(doc.tags) ? doc.tags : []) if (typeof t === "string") tags.push(t);
    const next = nextLink(res.headers.get("link"));
    path = next === undefined ? undefined : client.url(next);
  }
  return tags;
}
