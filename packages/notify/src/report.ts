import type { NotifySmokeResult } from "./smoke.js";

/**
 * The verdict per kind for people (job summary table, terminal) and for machines (JSON).
 * Nothing here can hold a secret: the result carries counts, kinds, the stream key, the DSN
 * without its password and the base URL, never the token or the tenant.
 */
const HEADER = ["kind", "events", "sent", "pending", "failed", "verdict"] as const;

function rows(result: NotifySmokeResult): string[][] {
  return result.kinds.map((k) => [k.kind, String(k.events), String(k.sent), String(k.pending), String(k.failed), k.passed ? "pass" : `FAIL: ${k.reason ?? ""}`]);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** GitHub/Gitea job summary: a heading with the outcome, the window, the table. */
export function markdownSummary(result: NotifySmokeResult): string {
  const title = result.passed ? "### notify-smoke: passed" : `### notify-smoke: FAILED (missing ${result.missingKinds.map((k) => `\`${k}\``).join(", ")})`;
  const s = result.stream;
  return [
    title,
    "",
    `Window ${result.window.start} to ${result.window.end} (${result.window.lookbackMinutes} min), ${result.polls} poll${result.polls === 1 ? "" : "s"}.`,
    `Stream \`${s.key}\` on \`${s.redis}\`: ${s.exists ? `${s.entriesRead} entries read in ${s.xrangeCalls} XRANGE pages` : "**key does not exist**"}. Notify API: ${result.api.deliveries} deliveries in ${result.api.pages} pages.`,
    "",
    `| ${HEADER.join(" | ")} |`,
    `| --- | ---: | ---: | ---: | ---: | --- |`,
    ...rows(result).map((r) => `| ${r.map(escapeCell).join(" | ")} |`),
    "",
  ].join("\n");
}

/** A plain aligned table for terminals and runner logs. */
export function textTable(result: NotifySmokeResult): string {
  const all = [[...HEADER], ...rows(result)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return [...all.map(line), "", result.passed ? "notify-smoke: passed" : `notify-smoke: FAILED, missing ${result.missingKinds.join(", ")}`].join("\n");
}

/** The result as JSON: keys in a fixed order, two-space indent, trailing newline. */
export function resultJson(result: NotifySmokeResult): string {
  const ordered = {
    passed: result.passed,
    missingKinds: result.missingKinds,
    kinds: result.kinds.map((k) => ({ kind: k.kind, events: k.events, sent: k.sent, pending: k.pending, failed: k.failed, passed: k.passed, ...(k.reason ? { reason: k.reason } : {}) })),
    window: result.window,
    stream: {
      key: result.stream.key,
      redis: result.stream.redis,
      exists: result.stream.exists,
      xrangeCalls: result.stream.xrangeCalls,
      entriesRead: result.stream.entriesRead,
      entriesWithoutKind: result.stream.entriesWithoutKind,
    },
    api: result.api,
    polls: result.polls,
    timeoutSeconds: result.timeoutSeconds,
  };
  return JSON.stringify(ordered, null, 2) + "\n";
}
