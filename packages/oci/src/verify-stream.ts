import { createHash, type Hash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { digestMismatch, OciError } from "./errors.js";

/**
 * A pass-through that hashes what flows and fails at the end (naming both digests) when
 * the bytes are not the expected ones, or as soon as there are more bytes than promised
 * (issue 3 "Robustness": every blob read is digest-verified). Only sha256 is supported.
 */
export class DigestVerifier extends Transform {
  private readonly hash = createHash("sha256");
  private seen = 0;

  constructor(
    private readonly expected: { digest: string; size: number },
    private readonly where: string,
    /** False when the source verifies the digest already (see markVerified): count bytes only. */
    private readonly hashing = true,
  ) {
    super({ highWaterMark: 64 * 1024 });
    if (!expected.digest.startsWith("sha256:")) {
      throw new OciError(`${where}: digest algorithm of "${expected.digest}" is not supported (only sha256)`, { code: "UNSUPPORTED" });
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.byteLength;
    if (this.expected.size >= 0 && this.seen > this.expected.size) {
      done(new OciError(`${this.where}: more than the expected ${this.expected.size} bytes for ${this.expected.digest}`, { code: "SIZE_MISMATCH" }));
      return;
    }
    if (this.hashing) this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hashing ? `sha256:${this.hash.digest("hex")}` : this.expected.digest;
    if (actual !== this.expected.digest) {
      done(digestMismatch(this.where, this.expected.digest, actual));
      return;
    }
    if (this.expected.size >= 0 && this.seen !== this.expected.size) {
      done(new OciError(`${this.where}: ${this.seen} bytes, expected ${this.expected.size} for ${this.expected.digest}`, { code: "SIZE_MISMATCH" }));
      return;
    }
    done();
  }

  /** Bytes seen so far (for progress). */
  get bytesSeen(): number {
    return this.seen;
  }
}

/**
 * Marks a stream whose source already verifies `digest` (an ImageStore's getBlob stream fails
 * at its end on a mismatch, failing any pipeline it feeds). A store fed such a stream by
 * copy need not hash the same bytes a second time; it still checks the size.
 */
const VERIFIED = Symbol.for("stella.oci.verified-digest");

export function markVerified<T extends object>(stream: T, digest: string): T {
  Object.defineProperty(stream, VERIFIED, { value: digest, enumerable: false });
  return stream;
}

export function isMarkedVerified(stream: object, digest: string): boolean {
  return (stream as Record<symbol, unknown>)[VERIFIED] === digest;
}

/** Checks whole bytes against a descriptor; throws the same errors as the stream. */
export function verifyBytes(bytes: Uint8Array, expected: { digest: string; size?: number }, where: string): void {
  checkRead(createHash("sha256").update(bytes), bytes.byteLength, expected, where);
}

/** The bytes read (their hash and count) are the expected ones, or the error says which differs. */
function checkRead(hash: Hash, count: number, expected: { digest: string; size?: number }, where: string): void {
  const actual = `sha256:${hash.digest("hex")}`;
  if (actual !== expected.digest) throw digestMismatch(where, expected.digest, actual);
  if (expected.size !== undefined && expected.size >= 0 && count !== expected.size) {
    throw new OciError(`${where}: ${count} bytes, expected ${expected.size} for ${expected.digest}`, { code: "SIZE_MISMATCH" });
  }
}

/**
 * Checks an open file against a descriptor from its start: read whole when it is at most
 * `wholeUpTo` bytes (one system call), else streamed through the hash. Throws verifyBytes' errors.
 */
export async function verifyFile(fd: number, expected: { digest: string; size: number }, where: string, wholeUpTo: number): Promise<void> {
  if (expected.size <= wholeUpTo) {
    verifyBytes(readFileSync(fd), expected, where);
    return;
  }
  const hash = createHash("sha256");
  let seen = 0;
  for await (const chunk of createReadStream("", { fd, autoClose: false, start: 0, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    seen += chunk.byteLength;
    hash.update(chunk);
  }
  checkRead(hash, seen, expected, where);
}
