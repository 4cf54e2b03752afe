import { createHmac } from "node:crypto";
import { redact, StellaError, type Logger } from "@stella/core";
import { httpRequest, type RetryPolicy } from "@stella/http";
import { mattermostPayload, slackPayload, webhookPayload, type ReleaseAnnouncement } from "./message.js";

export class AnnounceError extends StellaError<"ANNOUNCE_FAILED"> {}

export interface AnnounceTargets {
  slackWebhookUrl?: string;
  mattermostWebhookUrl?: string;
  mattermostChannel?: string;
  webhookUrl?: string;
  /** HMAC-SHA256 key for the generic webhook's signature header. */
  webhookSecret?: string;
}

export interface AnnounceResult {
  target: "slack" | "mattermost" | "webhook";
  ok: boolean;
  status?: number;
  error?: string;
}

export const SIGNATURE_HEADER = "X-Stella-Signature-256";

/** `sha256=<hex>` HMAC of the exact body bytes, the way GitHub signs webhook deliveries. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Posts the announcement to every configured target, each independently (one failing does
 * not stop the others), with retries on 429/5xx honouring Retry-After. Webhook URLs are
 * secrets: they never appear in a result or log line. Throws only when `failOnError` and
 * at least one target failed: a failed announcement does not fail a published release
 * unless asked to (issue 11).
 */
export async function announceRelease(
  a: ReleaseAnnouncement,
  targets: AnnounceTargets,
  options: { logger: Logger; failOnError?: boolean; retry?: Partial<RetryPolicy>; timeoutMs?: number },
): Promise<AnnounceResult[]> {
  const secrets = [targets.slackWebhookUrl, targets.mattermostWebhookUrl, targets.webhookUrl, targets.webhookSecret];
  const jobs: [AnnounceResult["target"], string | undefined, Record<string, unknown>][] = [
    ["slack", targets.slackWebhookUrl, slackPayload(a)],
    ["mattermost", targets.mattermostWebhookUrl, mattermostPayload(a, targets.mattermostChannel ? { channel: targets.mattermostChannel } : {})],
    ["webhook", targets.webhookUrl, webhookPayload(a)],
  ];
  const results = await Promise.all(
    jobs
      .filter(([, url]) => url)
      .map(async ([target, url, payload]): Promise<AnnounceResult> => {
        const body = JSON.stringify(payload);
        const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "stella-announce" };
        if (target === "webhook" && targets.webhookSecret) headers[SIGNATURE_HEADER] = signBody(body, targets.webhookSecret);
        try {
          const res = await httpRequest({
            method: "POST",
            url: url!,
            headers,
            body,
            timeoutMs: options.timeoutMs ?? 15_000,
            retry: { retries: 4, minDelayMs: 250, maxElapsedMs: 60_000, ...options.retry },
            onRetry: (r) => options.logger.info(`${target}: retry ${r.attempt} in ${r.delayMs} ms (${redact(r.reason, secrets)})`),
          });
          await res.body?.cancel();
          options.logger.info(`${target}: announced (HTTP ${res.status})`);
          return { target, ok: true, status: res.status };
        } catch (e) {
          const message = redact(e instanceof Error ? e.message : String(e), secrets).replace(/https?:\/\/\S+/g, "<webhook URL>");
          options.logger.warn(`${target}: announcement failed: ${message}`);
          const status = (e as { status?: unknown }).status;
          return { target, ok: false, error: message, ...(typeof status === "number" ? { status } : {}) };
        }
      }),
  );
  const failed = results.filter((r) => !r.ok);
  if (failed.length && options.failOnError) {
    throw new AnnounceError(`announcement failed for ${failed.map((f) => `${f.target} (${f.error ?? "error"})`).join(", ")}`, { code: "ANNOUNCE_FAILED", hint: "check the webhook URL secrets; set fail-on-error: false to let the release pass anyway" });
  }
  return results;
}
