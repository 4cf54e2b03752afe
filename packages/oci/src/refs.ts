import { OciError } from "./errors.js";

/**
 * Image references as users write them for skopeo (containers-image transports,
 * DESIGN.md "Images and where they live"):
 *   oci:DIR[:TAG|@DIGEST]    an OCI image layout directory
 *   docker://REF             a registry, REF in the docker reference grammar
 *   oci-archive:FILE[:TAG]   a tar of an OCI image layout
 *   docker-archive:FILE      a `docker save` tar (read only)
 * and the docker reference grammar itself (distribution/reference):
 *   [registry[:port]/]path[:tag][@sha256:<hex>], docker.io + library/ normalisation.
 */

/** A parsed, normalised docker reference. `tag` and `digest` are both optional. */
export interface DockerReference {
  /** `docker.io`, `ghcr.io`, `localhost:5000`, `127.0.0.1:5000`, `[::1]:5000`. */
  registry: string;
  /** `library/alpine`, `org/team/app`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export type ImageReference =
  | { transport: "oci"; dir: string; tag?: string; digest?: string }
  | { transport: "docker"; ref: DockerReference }
  | { transport: "oci-archive"; file: string; tag?: string; digest?: string }
  | { transport: "docker-archive"; file: string; ref?: DockerReference };

export const DOCKER_HUB = "docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT_RE = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_RE = /^\[[0-9a-fA-F:.]+(?:%[\w.-]+)?\]$/;
/** OCI image-spec annotations.md `org.opencontainers.image.ref.name` grammar (what skopeo accepts). */
const OCI_REF_NAME_RE = /^[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:\/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*$/;
const MAX_NAME_LENGTH = 255;

function bad(input: string, what: string, hint?: string): OciError {
  return new OciError(`invalid image reference "${input}": ${what}`, { code: "BAD_REFERENCE", ...(hint ? { hint } : {}) });
}

function checkDigest(input: string, digest: string): void {
  if (!DIGEST_RE.test(digest)) {
    throw bad(input, `digest "${digest}" is not sha256:<64 lowercase hex>`);
  }
}

function checkTag(input: string, tag: string): void {
  if (!TAG_RE.test(tag)) throw bad(input, `tag "${tag}" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
}

function checkDomain(input: string, domain: string): void {
  const m = /^(\[[^\]]*\]|[^:]+)(?::(.*))?$/.exec(domain);
  const host = m?.[1] ?? "";
  const port = m?.[2];
  const hostOk = host.startsWith("[") ? IPV6_RE.test(host) : host.split(".").every((c) => DOMAIN_COMPONENT_RE.test(c));
  if (!hostOk) throw bad(input, `registry host "${host}" is not a valid host name, IPv4 address or [IPv6] address`);
  if (port !== undefined && (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535)) throw bad(input, `registry port "${port}" is not a port number`);
}

/** distribution/reference: the first component is a registry if it has `.` or `:`, is `localhost`, or has upper case. */
function looksLikeDomain(component: string): boolean {
  return component.includes(".") || component.includes(":") || component === "localhost" || component.startsWith("[") || component !== component.toLowerCase();
}

/** Parses `[registry[:port]/]path[:tag][@digest]` and normalises docker.io and `library/`. */
export function parseDockerReference(input: string): DockerReference {
  if (input.length === 0) throw bad(input, "it is empty", "write e.g. docker.io/library/alpine:3.20 or 127.0.0.1:5000/app@sha256:…");
  if (/\s/.test(input)) throw bad(input, "it contains white space");
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    checkDigest(input, digest);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > lastSlash && !rest.slice(lastSlash + 1).startsWith("[")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    checkTag(input, tag);
  }
  if (rest.length === 0) throw bad(input, "the repository name is missing");
  const slash = rest.indexOf("/");
  let registry = DOCKER_HUB;
  let path = rest;
  if (slash >= 0 && looksLikeDomain(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    path = rest.slice(slash + 1);
    checkDomain(input, registry);
    if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  } else if (looksLikeDomain(rest) && slash < 0 && (rest.includes(":") || rest.startsWith("["))) {
    throw bad(input, `"${rest}" looks like a registry but the repository path after it is missing`);
  }
  if (path.length === 0) throw bad(input, "the repository path after the registry is empty");
  for (const component of path.split("/")) {
    if (component.length === 0) throw bad(input, `repository path "${path}" has an empty component`);
    if (!PATH_COMPONENT_RE.test(component)) {
      const lower = component !== component.toLowerCase() ? " (repository names must be lower case)" : "";
      throw bad(input, `repository path component "${component}" is invalid${lower}: use [a-z0-9] separated by ".", "_", "__" or "-"`);
    }
  }
  if (registry === DOCKER_HUB && !path.includes("/")) path = `library/${path}`;
  const name = `${registry}/${path}`;
  if (name.length > MAX_NAME_LENGTH) throw bad(input, `the name is ${name.length} characters, over the ${MAX_NAME_LENGTH} limit`);
  return { registry, repository: path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** `registry/repository[:tag][@digest]`, fully qualified. */
export function formatDockerReference(ref: DockerReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
}

/** What to ask a store for: the digest when pinned, else the tag, else `latest`. */
export function manifestReferenceOf(ref: { tag?: string | undefined; digest?: string | undefined }): string {
  return ref.digest ?? ref.tag ?? "latest";
}

function splitLayoutRef(input: string, transport: string, body: string): { path: string; tag?: string; digest?: string } {
  if (body.length === 0) throw bad(input, `the ${transport} path is empty`, `write ${transport}:DIR[:TAG]`);
  const pinned = /^(.*)@(sha256:[^:@]*)$/.exec(body);
  if (pinned) {
    const [, path = "", digest = ""] = pinned;
    checkDigest(input, digest);
    if (path.length === 0) throw bad(input, `the ${transport} path is empty`);
    return { path, digest };
  }
  const colon = body.indexOf(":");
  if (colon < 0) return { path: body };
  const path = body.slice(0, colon);
  const tag = body.slice(colon + 1);
  if (path.length === 0) throw bad(input, `the ${transport} path is empty`);
  if (tag.length === 0) throw bad(input, `the tag after "${path}:" is empty`);
  if (!OCI_REF_NAME_RE.test(tag)) throw bad(input, `tag "${tag}" is not a valid org.opencontainers.image.ref.name`);
  return { path, tag };
}

const TRANSPORTS = ["oci:", "docker://", "oci-archive:", "docker-archive:"];
/** Transports skopeo knows that we do not (told apart from a bare `name:tag`). */
const OTHER_TRANSPORTS = new Set(["dir", "containers-storage", "docker-daemon", "ostree", "sif", "tarball", "http", "https"]);

/** Parses a transport reference; errors quote the input and name the wrong part. */
export function parseImageReference(input: string): ImageReference {
  if (input.startsWith("docker://")) return { transport: "docker", ref: parseDockerReference(input.slice("docker://".length)) };
  if (input.startsWith("oci:")) {
    const { path, tag, digest } = splitLayoutRef(input, "oci", input.slice(4));
    return { transport: "oci", dir: path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
  }
  if (input.startsWith("oci-archive:")) {
    const { path, tag, digest } = splitLayoutRef(input, "oci-archive", input.slice("oci-archive:".length));
    return { transport: "oci-archive", file: path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
  }
  if (input.startsWith("docker-archive:")) {
    const body = input.slice("docker-archive:".length);
    const colon = body.indexOf(":");
    const file = colon < 0 ? body : body.slice(0, colon);
    if (file.length === 0) throw bad(input, "the docker-archive file is empty", "write docker-archive:FILE.tar");
    return colon < 0 ? { transport: "docker-archive", file } : { transport: "docker-archive", file, ref: parseDockerReference(body.slice(colon + 1)) };
  }
  if (input.startsWith("docker:")) throw bad(input, 'the docker transport is written "docker://"', `write docker://${input.slice(7).replace(/^\/*/, "")}`);
  const scheme = /^([a-z][a-z0-9-]*):/.exec(input)?.[1];
  if (scheme !== undefined && OTHER_TRANSPORTS.has(scheme)) {
    throw bad(input, `transport "${scheme}:" is not supported; use one of ${TRANSPORTS.join(", ")}`);
  }
  throw bad(input, `no transport: it must start with one of ${TRANSPORTS.join(", ")}`, `for a registry image write docker://${input}`);
}

/** How to show a reference to people (the transport form they typed, normalised). */
export function formatImageReference(ref: ImageReference): string {
  switch (ref.transport) {
    case "docker":
      return `docker://${formatDockerReference(ref.ref)}`;
    case "oci":
    case "oci-archive": {
      const where = ref.transport === "oci" ? ref.dir : ref.file;
      return `${ref.transport}:${where}${ref.digest ? `@${ref.digest}` : ref.tag ? `:${ref.tag}` : ""}`;
    }
    case "docker-archive":
      return `docker-archive:${ref.file}${ref.ref ? `:${formatDockerReference(ref.ref)}` : ""}`;
  }
}
