/**
 * From paths to image references: reads the files, tells Compose, Kubernetes and Helm
 * values apart, groups Compose overlays, and extracts with positions.
 *
 * A profile argument `a.yml+b.yml` is one Compose project with `-f a.yml -f b.yml`
 * (overlays merged in order); `.env` beside the first file is read as Compose does.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { errorMessage } from "@stella/core";
import { extractCompose } from "./compose.js";
import { parseEnvFile } from "./env-file.js";
import { ProfilesError } from "./errors.js";
import type { Finding } from "./findings.js";
import type { FoundImage, ProfileKind } from "./found-image.js";
import { extractHelmValues } from "./helm.js";
import type { EnvValue } from "./interpolate.js";
import { extractKubernetes, isKubernetesObject } from "./kubernetes.js";
import { asMap, mapGet, parseSourceFile, type SourceFile } from "./yaml-tree.js";

export interface ExtractOptions {
  /** Base for relative paths (the working directory). */
  cwd?: string;
  /** Extra env files (like `docker compose --env-file`), read after the project `.env`. */
  envFiles?: string[];
  /** Variables that win over every env file (explicit `--env NAME=VALUE`). */
  env?: Record<string, string>;
  /** Force the kind instead of detecting it. */
  kind?: ProfileKind;
}

export interface Extraction {
  images: FoundImage[];
  findings: Finding[];
  /**
   * Every file read, by path, with its text (for --fix). Parsed trees are not kept: at
   * thousands of profiles, holding every tree makes garbage collection the bottleneck.
   */
  files: Map<string, string>;
  kinds: Map<string, ProfileKind>;
}

export function detectKind(file: SourceFile): ProfileKind {
  for (const doc of file.docs) {
    if (isKubernetesObject(doc.contents, doc)) return "kubernetes";
    const root = asMap(doc.contents, doc);
    if (mapGet(root, "services", doc) !== undefined && !/values/i.test(basename(file.path))) return "compose";
  }
  return "helm";
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new ProfilesError(`cannot read ${what} ${path}: ${errorMessage(e)}`, { code: "PROFILE_READ", hint: "check the path (globs are expanded by the shell or the action's profiles input)" });
  }
}

export async function extractImages(profiles: string[], options: ExtractOptions = {}): Promise<Extraction> {
  const cwd = options.cwd ?? process.cwd();
  const files = new Map<string, string>();
  const kinds = new Map<string, ProfileKind>();
  // Trees live for one profile (a Compose project and the files it extends), texts for the run.
  let parsed = new Map<string, SourceFile>();
  const load = async (path: string): Promise<SourceFile> => {
    const cached = parsed.get(path);
    if (cached) return cached;
    let text = files.get(path);
    if (text === undefined) {
      text = await readText(path, "profile");
      files.set(path, text);
    }
    const file = parseSourceFile(path, text);
    parsed.set(path, file);
    return file;
  };
  const images: FoundImage[] = [];
  const findings: Finding[] = [];
  const extraEnv = new Map<string, EnvValue>();
  for (const f of options.envFiles ?? []) {
    const p = resolve(cwd, f);
    for (const [k, v] of parseEnvFile(p, await readText(p, "env file"))) extraEnv.set(k, v);
  }
  for (const [k, v] of Object.entries(options.env ?? {})) extraEnv.set(k, { value: v });

  // One `.env` read per project directory, not per profile (thousands of profiles share a few).
  const envByDir = new Map<string, Promise<Map<string, EnvValue>>>();
  const projectEnv = (dir: string): Promise<Map<string, EnvValue>> => {
    let cached = envByDir.get(dir);
    if (!cached) {
      const dotenv = join(dir, ".env");
      cached = readFile(dotenv, "utf8").then(
        (text) => parseEnvFile(dotenv, text),
        () => new Map<string, EnvValue>(),
      );
      envByDir.set(dir, cached);
    }
    return cached;
  };
  for (const profile of profiles) {
    parsed = new Map();
    const paths = profile.split("+").map((p) => resolve(cwd, p));
    const sources = await Promise.all(paths.map(load));
    const first = sources[0];
    if (!first) continue;
    const kind = options.kind ?? (sources.length > 1 ? "compose" : detectKind(first));
    for (const s of sources) kinds.set(s.path, kind);
    if (kind === "compose") {
      const env = new Map<string, EnvValue>(await projectEnv(dirname(first.path)));
      for (const [k, v] of extraEnv) env.set(k, v);
      const r = await extractCompose(sources, env, load);
      images.push(...r.images);
      findings.push(...r.findings);
    } else if (kind === "kubernetes") {
      images.push(...extractKubernetes(first));
    } else {
      images.push(...extractHelmValues(first));
    }
  }
  return { images, findings, files, kinds };
}
