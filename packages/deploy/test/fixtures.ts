import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadReleaseManifest, type ReleaseManifest } from "@stella/release";

export const FIXTURES = resolve(import.meta.dirname, "../../../test/fixtures/deploy");
export const fixture = (name: string) => resolve(FIXTURES, name);
export const loadRelease = (name = "release.json"): Promise<ReleaseManifest> => loadReleaseManifest(fixture(name));
export const keyPem = () => readFile(fixture("sticker-key.pem"), "utf8");
export const pubPem = (name = "sticker-key.pub") => readFile(fixture(name), "utf8");
