import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const homes: string[] = [];

// gpg starts an agent per home; it would outlive the test run (one daemon per key, every run).
afterAll(() => {
  for (const home of homes.splice(0)) {
    spawnSync("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { stdio: "ignore" });
    rmSync(home, { recursive: true, force: true });
  }
});

export interface GpgKey {
  home: string;
  fingerprint: string;
  uid: string;
  publicArmored: string;
  secretArmored: string;
  passphrase: string;
}

/** Runs Debian's gpg in an isolated GNUPGHOME (batch, loopback pinentry, no agent prompts). */
export function gpg(home: string, args: string[], input?: string): string {
  return execFileSync("gpg", ["--homedir", home, "--batch", "--yes", "--pinentry-mode", "loopback", ...args], { input, stdio: ["pipe", "pipe", "pipe"] }).toString();
}

/** A fresh OpenPGP signing key made by the real gpg (independent of our code). */
export function generateGpgKey(uid: string, passphrase = "", algo = "ed25519"): GpgKey {
  const home = mkdtempSync(join(tmpdir(), "gnupg-"));
  homes.push(home);
  gpg(home, ["--passphrase", passphrase, "--quick-gen-key", uid, algo, "sign", "never"]);
  const colons = gpg(home, ["--with-colons", "--list-secret-keys", uid]);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1] ?? "";
  return {
    home,
    uid,
    fingerprint,
    passphrase,
    publicArmored: gpg(home, ["--armor", "--export", fingerprint]),
    secretArmored: gpg(home, ["--passphrase", passphrase, "--armor", "--export-secret-keys", fingerprint]),
  };
}
