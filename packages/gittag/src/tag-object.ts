/**
 * A git tag object split into what is signed and the signature. git appends the armored
 * signature (OpenPGP or SSH) to the tag message; the signed payload is every byte before it.
 */
export interface TagObject {
  object: string;
  type: string;
  tag: string;
  tagger: string;
  payload: Buffer;
  signature?: { format: "openpgp" | "ssh"; armored: string };
}

const MARKERS: [string, "openpgp" | "ssh"][] = [
  ["-----BEGIN PGP SIGNATURE-----", "openpgp"],
  ["-----BEGIN SSH SIGNATURE-----", "ssh"],
];

export function parseTagObject(raw: Buffer): TagObject {
  const text = raw.toString("utf8");
  const header = (name: string) => new RegExp(`^${name} (.*)$`, "m").exec(text.slice(0, text.indexOf("\n\n") < 0 ? text.length : text.indexOf("\n\n")))?.[1] ?? "";
  let cut = -1;
  let format: "openpgp" | "ssh" | undefined;
  for (const [marker, f] of MARKERS) {
    const at = text.lastIndexOf(`\n${marker}`);
    if (at > cut) {
      cut = at;
      format = f;
    }
  }
  const base = { object: header("object"), type: header("type"), tag: header("tag"), tagger: header("tagger") };
  if (cut < 0 || !format) return { ...base, payload: raw };
  const payloadBytes = Buffer.byteLength(text.slice(0, cut + 1), "utf8");
  return { ...base, payload: raw.subarray(0, payloadBytes), signature: { format, armored: text.slice(cut + 1) } };
}
