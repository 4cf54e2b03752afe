/**
 * Reproducible timestamps (DESIGN.md "Determinism"): outputs never carry wall-clock time.
 * The entry point reads SOURCE_DATE_EPOCH and passes it in; packages call this.
 */
export function timestampFrom(sourceDateEpoch: string | undefined, fallback: Date | string | undefined): Date {
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== "") {
    if (!/^\d+$/.test(sourceDateEpoch)) {
      throw new RangeError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${sourceDateEpoch}"`);
    }
    return new Date(Number(sourceDateEpoch) * 1000);
  }
  if (fallback !== undefined) return new Date(fallback);
  return new Date(0);
}

/** RFC 3339 in UTC with second precision, the shape SBOMs and manifests use. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
