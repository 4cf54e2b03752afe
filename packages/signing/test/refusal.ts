import { SigningError } from "../src/errors.js";

/** The code and message of the SigningError `p` rejects with (fails the test on anything else). */
export async function reason(p: Promise<unknown>): Promise<string> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof SigningError)) throw new Error(`expected a SigningError, got ${String(e)}`);
  return `${e.code}: ${e.message}`;
}
