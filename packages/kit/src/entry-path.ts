import { posix } from "node:path";
import { KitError } from "./errors.js";

/**
 * Archive path rules for safe extraction (pure): a name must be relative, contain no `..`
 * component, no NUL, and not be empty. Returns the normalised relative path ("a/b").
 */
export function safeEntryPath(name: string): string {
  const where = JSON.stringify(name);
  if (name.includes("\0")) throw unsafe(`entry ${where} contains a NUL byte`);
  if (name.startsWith("/") || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith("\\")) throw unsafe(`entry ${where} is an absolute path`);
  const parts = name.replace(/\\/g, "/").split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw unsafe(`entry ${where} climbs out with ".."`);
  if (parts.length === 0) throw unsafe(`entry ${where} has an empty name`);
  return parts.join("/");
}

/**
 * Where a symlink at `entryPath` pointing at `linkTarget` lands, resolved inside the archive
 * root component by component. Refused when absolute, when it climbs above the root, or
 * when it passes through another symlink of the archive (which lexical resolution cannot
 * follow safely).
 */
export function resolveSymlinkTarget(entryPath: string, linkTarget: string, symlinks: ReadonlySet<string>): string {
  const where = `symlink ${JSON.stringify(entryPath)} -> ${JSON.stringify(linkTarget)}`;
  if (linkTarget === "" || linkTarget.includes("\0")) throw unsafe(`${where} has an invalid target`);
  if (linkTarget.startsWith("/") || /^[A-Za-z]:[\\/]/.test(linkTarget)) throw unsafe(`${where} points at an absolute path`);
  const stack = posix.dirname(entryPath) === "." ? [] : posix.dirname(entryPath).split("/");
  for (const part of linkTarget.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (stack.length === 0) throw unsafe(`${where} points outside the target directory`);
      stack.pop();
      continue;
    }
    stack.push(part);
    if (symlinks.has(stack.join("/"))) throw unsafe(`${where} passes through another symlink ${JSON.stringify(stack.join("/"))}`);
  }
  return stack.join("/");
}

/** The first proper prefix of `path` that is a symlink of the archive, if any. */
export function symlinkAncestor(path: string, symlinks: ReadonlySet<string>): string | undefined {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (symlinks.has(prefix)) return prefix;
  }
  return undefined;
}

function unsafe(message: string): KitError {
  return new KitError(message, { code: "UNSAFE_ENTRY", hint: "the archive is damaged or malicious; nothing was extracted, the target is unchanged" });
}
