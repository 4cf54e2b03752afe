export { highlightsFrom, slackPayload, mattermostPayload, webhookPayload, type ReleaseAnnouncement } from "./message.js";
export { announceRelease, signBody, SIGNATURE_HEADER, AnnounceError, type AnnounceTargets, type AnnounceResult } from "./send.js";
