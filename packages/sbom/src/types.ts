/**
 * The shapes shared by the layer walker, the catalogers and the writers. A cataloger
 * (DESIGN.md "Small interfaces at the seams") names the files it wants; the walker
 * streams every layer once and hands it those files' bytes (or a streaming scan of
 * them) in the final, whiteout-applied view of the image.
 */

/** Kinds of component, a subset of CycloneDX 1.6 `component.type`. */
export type ComponentType = "library" | "application" | "operating-system" | "framework";

export interface Component {
  /** The ecosystem that found it: `dpkg`, `apk`, `rpm`, `npm`, `python`, `go-module`, `java-archive`, `os`. */
  ecosystem: string;
  type: ComponentType;
  name: string;
  version: string;
  /** Package URL (packageurl-js), the component's identity in every format. */
  purl?: string;
  /** SPDX license expression, when the package data allows one. */
  license?: string;
  /** Digest of the layer that introduced the file the component was read from. */
  layerDigest: string;
  /** Path (no leading slash) of that file in the image. */
  sourcePath: string;
  /** Extra facts (`stella:...` properties), sorted by the writers. */
  properties?: Record<string, string>;
}

/** What the walker tells a cataloger about one regular file. */
export interface FileInfo {
  path: string;
  size: number;
  mode: number;
}

/**
 * Receives the bytes of one file as they stream by, and returns a summary at the end.
 * The walker guarantees `end` is called exactly once, also for empty files.
 */
export interface FileSink {
  write(chunk: Buffer): void;
  end(): unknown;
}

/** One file a cataloger asked for, in the final view of the image. */
export interface CollectedFile {
  path: string;
  size: number;
  layerDigest: string;
  /** What the cataloger's sink returned (bytes for `bufferSink`). */
  result: unknown;
}

export interface Warning {
  /** Where: `layer sha256:...`, `usr/lib/foo/METADATA:12`. */
  where: string;
  message: string;
}

export interface CatalogContext {
  /** Distro of the image (from etc/os-release), for purl qualifiers. */
  distro?: { id: string; versionId?: string; versionCodename?: string; prettyName?: string };
  /** Files every cataloger asked for, by path. */
  files: (cataloger: string) => CollectedFile[];
  /** Looks up another path's collected file (e.g. dpkg copyright files). */
  file: (cataloger: string, path: string) => CollectedFile | undefined;
  warn: (where: string, message: string) => void;
}

export interface Cataloger {
  name: string;
  /**
   * A sink for this file, or undefined when the cataloger does not want it. `buffer()`
   * makes the walker's bounded sink that returns the whole file as a Buffer (or undefined,
   * with a warning naming the file, when it exceeds the limits).
   */
  open(info: FileInfo, buffer: () => FileSink): FileSink | undefined;
  catalog(ctx: CatalogContext): Component[] | Promise<Component[]>;
}

/** Limits that keep memory bounded (issue 4 "Bad input"). */
export interface WalkLimits {
  /** Largest file one cataloger may buffer whole; bigger ones are skipped with a warning. */
  maxFileBytes: number;
  /** Sum of all buffered bytes; when reached, further files are skipped with a warning. */
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: WalkLimits = { maxFileBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };
