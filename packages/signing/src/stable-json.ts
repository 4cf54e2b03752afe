/**
 * Byte-stable JSON (DESIGN.md "Determinism"): object keys sorted by UTF-16 code unit at every
 * depth, no whitespace, arrays kept in their given order. Same value, same bytes.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (typeof value === "object" && value !== null) {
    const src = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(src).sort()) {
      if (src[k] !== undefined) out[k] = sortDeep(src[k]);
    }
    return out;
  }
  return value;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON.parse that reports the source and never throws a bare SyntaxError. */
export function parseJson(bytes: Uint8Array | string, where: string, onError: (message: string, cause: unknown) => Error): unknown {
  try {
    return JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw onError(`${where}: not valid JSON`, e);
  }
}
