// An inclusion proof must name the tree its signed checkpoint names (rekor-proof.ts).
import { describe, expect, it } from "vitest";
import { checkpointHeader, checkProofMatchesCheckpoint } from "./rekor-proof.js";
import { SigningError } from "./errors.js";

const root = Buffer.alloc(32, 1);
const envelope = `rekor.example\n13\n${root.toString("base64")}\n\n\u2014 rekor.example AAAAAGZha2U=\n`;
const entry = (proof: { treeSize?: string; rootHash?: Buffer; envelope?: string }) => ({
  logIndex: "5",
  logId: { keyId: Buffer.alloc(0) },
  kindVersion: { kind: "hashedrekord", version: "0.0.2" },
  integratedTime: "0",
  inclusionPromise: undefined,
  canonicalizedBody: Buffer.from("{}"),
  inclusionProof: { logIndex: "5", treeSize: proof.treeSize ?? "13", rootHash: proof.rootHash ?? root, hashes: [], checkpoint: { envelope: proof.envelope ?? envelope } },
});

function reason(run: () => void): string {
  try {
    run();
  } catch (e) {
    if (e instanceof SigningError) return e.message;
    throw e;
  }
  return "accepted";
}

describe("inclusion proof vs. checkpoint", () => {
  it("reads the note header and refuses a proof for another tree", () => {
    expect(checkpointHeader(envelope)).toEqual({ origin: "rekor.example", size: "13", rootHash: root });
    expect(reason(() => checkProofMatchesCheckpoint(entry({})))).toBe("accepted");
    expect(reason(() => checkProofMatchesCheckpoint(entry({ treeSize: "12" })))).toBe("Rekor entry 5: the inclusion proof is for tree size 12, its signed checkpoint for 13");
    expect(reason(() => checkProofMatchesCheckpoint(entry({ rootHash: Buffer.alloc(32, 2) })))).toMatch(/^Rekor entry 5: the inclusion proof's root hash (02){32} differs from its signed checkpoint's (01){32}$/);
    expect(reason(() => checkProofMatchesCheckpoint(entry({ envelope: "garbage" })))).toMatch(/checkpoint is not a signed note/);
  });
});
