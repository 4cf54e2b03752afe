/**
 * Consistency of a Rekor inclusion proof with its signed checkpoint (architecture-devops.md §2.3,
 * transparency log). @sigstore/verify checks the checkpoint signature and recomputes the root from
 * the audit path against the checkpoint's root, but never compares the proof's own `treeSize` and
 * `rootHash` with the checkpoint; a bundle whose proof names another tree would pass with stale
 * fields. Pure over the bundle entry; the signed-note layout is C2SP's: origin, size, base64 root.
 */
import type { TransparencyLogEntry } from "@sigstore/bundle";
import { SigningError } from "./errors.js";

export interface CheckpointHeader {
  origin: string;
  size: string;
  rootHash: Buffer;
}

/** The first three lines of a checkpoint note; undefined when it has no such header. */
export function checkpointHeader(envelope: string): CheckpointHeader | undefined {
  const [origin, size, root] = envelope.split("\n");
  if (origin === undefined || size === undefined || root === undefined || !/^\d+$/.test(size) || !/^[A-Za-z0-9+/]+=*$/.test(root)) return undefined;
  return { origin, size, rootHash: Buffer.from(root, "base64") };
}

/** Throws when an entry's inclusion proof disagrees with the checkpoint it carries. */
export function checkProofMatchesCheckpoint(entry: TransparencyLogEntry): void {
  const proof = entry.inclusionProof;
  if (!proof) return;
  const where = `Rekor entry ${entry.logIndex}`;
  const header = checkpointHeader(proof.checkpoint?.envelope ?? "");
  if (!header) throw new SigningError(`${where}: the inclusion proof's checkpoint is not a signed note (origin, tree size, root hash)`, { code: "TLOG_INVALID" });
  if (proof.treeSize !== header.size) {
    throw new SigningError(`${where}: the inclusion proof is for tree size ${proof.treeSize}, its signed checkpoint for ${header.size}`, { code: "TLOG_INVALID", hint: "the proof was altered or mixed with another checkpoint" });
  }
  if (proof.rootHash.length > 0 && !Buffer.from(proof.rootHash).equals(header.rootHash)) {
    throw new SigningError(`${where}: the inclusion proof's root hash ${Buffer.from(proof.rootHash).toString("hex")} differs from its signed checkpoint's ${header.rootHash.toString("hex")}`, {
      code: "TLOG_INVALID",
      hint: "the proof was altered or mixed with another checkpoint",
    });
  }
}
