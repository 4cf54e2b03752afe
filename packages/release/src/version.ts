import semver from "semver";
import { ReleaseError } from "./errors.js";

/**
 * Version strings (architecture-devops.md §1.2): a semantic core plus a calendar tag,
 * `<MAJOR>.<MINOR>.<PATCH> (<YYYY>.<MM>)`, e.g. `2.4.1 (2027.06)`. (The spec text lost its
 * angle brackets and reads `.. (.)`; spec README, known defects.) MAJOR = breaking API/DB,
 * MINOR = features and compatible (expand/contract) migrations, PATCH = fixes. The calendar
 * tag is the release's year and month (Signer's PoE window checks).
 */
export interface ReleaseVersion {
  /** The semver core and pre-release, as in the manifest's `version` (no leading `v`). */
  semver: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  /** `YYYY.MM` */
  calendar: string;
}

const DISPLAY_RE = /^(\S+) \((\d{4})\.(\d{2})\)$/;
const CALENDAR_RE = /^(\d{4})\.(0[1-9]|1[0-2])$/;

/** Parses a semver string (leading `v` refused: tags and manifests carry the bare version). */
export function parseSemver(text: string, where = "version"): semver.SemVer {
  const v = semver.valid(text) === text ? semver.parse(text) : null;
  if (!v) {
    throw new ReleaseError(`${where}: "${text}" is not a semantic version MAJOR.MINOR.PATCH[-PRERELEASE]`, {
      code: "VERSION",
      hint: text.startsWith("v") ? `drop the leading "v": ${text.slice(1)}` : "e.g. 2.4.1 or 2.5.0-rc.1 (semver.org)",
    });
  }
  return v;
}

/** `YYYY.MM` of a date (UTC). */
export function calendarOf(date: Date): string {
  return `${date.getUTCFullYear()}.${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function isCalendarTag(text: string): boolean {
  return CALENDAR_RE.test(text);
}

/** A release version from the semver string and the release date. */
export function releaseVersion(version: string, releasedAt: Date): ReleaseVersion {
  const v = parseSemver(version);
  return { semver: v.version, major: v.major, minor: v.minor, patch: v.patch, prerelease: v.prerelease.map(String), calendar: calendarOf(releasedAt) };
}

/** `2.4.1 (2027.06)`: the form people see (UI banner, release notes title). */
export function formatVersion(v: Pick<ReleaseVersion, "semver" | "calendar">): string {
  return `${v.semver} (${v.calendar})`;
}

/** Parses `2.4.1 (2027.06)` back; a bare `2.4.1` is refused because the calendar tag is missing. */
export function parseDisplayVersion(text: string): ReleaseVersion {
  const m = DISPLAY_RE.exec(text.trim());
  if (!m) {
    throw new ReleaseError(`"${text}" is not a release version "<MAJOR>.<MINOR>.<PATCH> (<YYYY>.<MM>)"`, {
      code: "VERSION",
      hint: "e.g. 2.4.1 (2027.06): the semver core, a space, the calendar tag in parentheses (architecture-devops.md §1.2)",
    });
  }
  const calendar = `${m[2]}.${m[3]}`;
  if (!isCalendarTag(calendar)) {
    throw new ReleaseError(`"${text}": calendar tag ${calendar} has no month ${m[3]}`, { code: "VERSION", hint: "the month is 01..12" });
  }
  const v = parseSemver(m[1] ?? "");
  return { semver: v.version, major: v.major, minor: v.minor, patch: v.patch, prerelease: v.prerelease.map(String), calendar };
}

/** semver precedence (pre-releases sort before their release): <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  return semver.compare(parseSemver(a), parseSemver(b));
}

/** `MAJOR.MINOR` of a version, the unit of skew and release lines. */
export function minorLine(version: string): string {
  const v = parseSemver(version);
  return `${v.major}.${v.minor}`;
}
