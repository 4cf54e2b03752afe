import { createHash } from "node:crypto";
import * as openpgp from "openpgp";
import { parse } from "yaml";
import { ChartError } from "./errors.js";

/**
 * Helm provenance files (`helm package --sign`, release-engineering-playbook.md §5): an
 * OpenPGP clear-signed message whose text is the chart metadata (Chart.yaml), the YAML
 * document end marker `...`, then `files:` mapping the archive's file name to
 * `sha256:<hex>` of its bytes. `helm verify` and `gpg --verify` check it.
 */
export function provenanceMessage(chartYaml: string, archiveName: string, archive: Uint8Array): string {
  const sum = createHash("sha256").update(archive).digest("hex");
  const meta = chartYaml.endsWith("\n") ? chartYaml.slice(0, -1) : chartYaml;
  return `${meta}\n...\nfiles:\n  ${archiveName}: sha256:${sum}\n`;
}

async function readSigningKey(armoredKey: string, passphrase: string | undefined): Promise<openpgp.PrivateKey> {
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey });
  } catch (e) {
    throw new ChartError("the signing key is not an armored OpenPGP private key", { code: "PROV_KEY", cause: e, hint: "export it with: gpg --armor --export-secret-keys KEYID" });
  }
  if (key.isDecrypted()) return key;
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase: passphrase ?? "" });
  } catch {
    // Nothing about the key or the passphrase is said (secrets never reach a log).
    throw new ChartError("the signing key's passphrase is wrong", { code: "PROV_KEY", hint: "check the key-passphrase input / --passphrase-file" });
  }
}

/** Clear-signs the provenance message with SHA-512, as Helm's default PGP config does. */
export async function signProvenance(message: string, armoredKey: string, passphrase?: string): Promise<string> {
  const signingKey = await readSigningKey(armoredKey, passphrase);
  const unsigned = await openpgp.createCleartextMessage({ text: message });
  const signed = await openpgp.sign({ message: unsigned, signingKeys: signingKey, config: { preferredHashAlgorithm: openpgp.enums.hash.sha512 } });
  // LF line ends, as gpg and Helm write them; the clear signature covers canonical (CRLF) text either way.
  return signed.replace(/\r\n/g, "\n");
}

export interface ProvenanceVerification {
  signedBy: string;
  fingerprint: string;
  fileName: string;
  fileHash: string;
}

function filesOf(text: string): Record<string, string> {
  const at = text.indexOf("\n...\n");
  if (at < 0) throw new ChartError("provenance has no `...` separator between the metadata and the files", { code: "PROV_INVALID" });
  const files: unknown = (parse(text.slice(at + 5)) as { files?: unknown } | null)?.files;
  if (typeof files !== "object" || files === null) throw new ChartError("provenance has no files: section", { code: "PROV_INVALID" });
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, String(v)]));
}

/**
 * Checks a .prov as `helm verify` does: the clear signature by a key of the keyring, then the
 * archive's sha256 against the signed `files:` entry for its name.
 */
export async function verifyProvenance(archive: Uint8Array, archiveName: string, prov: string, armoredKeyring: string): Promise<ProvenanceVerification> {
  let message: openpgp.CleartextMessage;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: prov });
  } catch (e) {
    throw new ChartError("the .prov file is not an OpenPGP clear-signed message", { code: "PROV_INVALID", cause: e });
  }
  const keys = await openpgp.readKeys({ armoredKeys: armoredKeyring }).catch((e: unknown) => {
    throw new ChartError("the keyring holds no armored OpenPGP public key", { code: "PROV_KEY", cause: e, hint: "export it with: gpg --armor --export KEYID" });
  });
  const result = await openpgp.verify({ message, verificationKeys: keys });
  const sig = result.signatures[0];
  if (!sig) throw new ChartError("the .prov carries no signature", { code: "PROV_SIGNATURE" });
  try {
    await sig.verified;
  } catch (e) {
    const expected = keys.map((k) => k.getFingerprint().toUpperCase()).join(", ");
    throw new ChartError(`provenance signature does not verify: ${e instanceof Error ? e.message : String(e)} (signer key id ${sig.keyID.toHex().toUpperCase()}; keyring: ${expected})`, { code: "PROV_SIGNATURE" });
  }
  const signer = keys.find((k) => k.getKeys(sig.keyID).length > 0)!;
  const files = filesOf(message.getText());
  const want = files[archiveName];
  if (!want) throw new ChartError(`provenance has no sha256 for a file named "${archiveName}" (it lists ${Object.keys(files).join(", ")})`, { code: "PROV_HASH" });
  const have = `sha256:${createHash("sha256").update(archive).digest("hex")}`;
  if (want !== have) throw new ChartError(`sha256 of ${archiveName} does not match its provenance: signed ${want}, archive is ${have}`, { code: "PROV_HASH", hint: "the archive was changed after signing" });
  const user = (await signer.getPrimaryUser().catch(() => undefined))?.user.userID?.userID ?? "";
  return { signedBy: user, fingerprint: signer.getFingerprint().toUpperCase(), fileName: archiveName, fileHash: have };
}
