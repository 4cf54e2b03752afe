/**
 * Go module build information as the Go linker embeds it (cmd/go/internal/modload and
 * debug/buildinfo): a 32-byte header starting `\xff Go buildinf:`, pointer size, flags;
 * with flag 0x2 (Go >= 1.18) the Go version and the module info follow inline as two
 * uvarint-length-prefixed strings. The module info is wrapped in 16-byte sentinels and
 * has `path`, `mod`, `dep`, `=>` and `build` lines.
 */
export const BUILDINFO_MAGIC = Buffer.from("\xff Go buildinf:", "latin1");

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  /** The replacement (`=>`) when the module was replaced. */
  replace?: { path: string; version: string };
}

export interface GoBuildInfo {
  goVersion: string;
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  settings: Record<string, string>;
}

function uvarint(buf: Buffer, at: number): [value: number, next: number] | undefined {
  let x = 0;
  let s = 1;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i] ?? 0;
    x += (b & 0x7f) * s;
    if (b < 0x80) return [x, i + 1];
    s *= 128;
  }
  return undefined;
}

/**
 * Parses a buffer starting at the magic. Returns undefined for the pre-1.18 pointer
 * format (it needs the whole ELF to resolve addresses) or a too-short capture.
 */
export function parseBuildInfo(buf: Buffer): GoBuildInfo | "old-format" | undefined {
  if (buf.length < 32 || !buf.subarray(0, BUILDINFO_MAGIC.length).equals(BUILDINFO_MAGIC)) return undefined;
  const flags = buf[15] ?? 0;
  if ((flags & 0x2) === 0) return "old-format";
  const a = uvarint(buf, 32);
  if (!a) return undefined;
  const goVersion = buf.subarray(a[1], a[1] + a[0]).toString("utf8");
  const b = uvarint(buf, a[1] + a[0]);
  if (!b || b[1] + b[0] > buf.length) return undefined;
  let mod = buf.subarray(b[1], b[1] + b[0]).toString("utf8");
  if (mod.length >= 33 && mod[mod.length - 17] === "\n") mod = mod.slice(16, -16);
  return parseModInfo(goVersion, mod);
}

export function parseModInfo(goVersion: string, text: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split("\n")) {
    const f = line.split("\t");
    switch (f[0]) {
      case "path":
        if (f[1]) info.path = f[1];
        break;
      case "mod":
        last = { path: f[1] ?? "", version: f[2] ?? "", ...(f[3] ? { sum: f[3] } : {}) };
        info.main = last;
        break;
      case "dep":
        last = { path: f[1] ?? "", version: f[2] ?? "", ...(f[3] ? { sum: f[3] } : {}) };
        info.deps.push(last);
        break;
      case "=>":
        if (last) last.replace = { path: f[1] ?? "", version: f[2] ?? "" };
        break;
      case "build": {
        const kv = f.slice(1).join("\t");
        const eq = kv.indexOf("=");
        if (eq > 0) info.settings[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
    }
  }
  return info;
}

/**
 * Streams an executable and captures the bytes after the build-info magic, without
 * holding the binary: a rolling tail keeps a magic split across chunks findable.
 */
export class BuildInfoScanner {
  private tail = Buffer.alloc(0);
  private captured: Buffer[] | undefined;
  private capturedBytes = 0;
  private checkedElf = false;
  private notElf = false;
  constructor(private readonly captureBytes = 1 << 20) {}

  write(chunk: Buffer): void {
    if (this.notElf) return;
    if (!this.checkedElf) {
      this.checkedElf = true;
      if (chunk.length < 4 || chunk[0] !== 0x7f || chunk.toString("latin1", 1, 4) !== "ELF") {
        this.notElf = true;
        return;
      }
    }
    if (this.captured) {
      if (this.capturedBytes < this.captureBytes) {
        this.captured.push(chunk);
        this.capturedBytes += chunk.length;
      }
      return;
    }
    const hay = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const at = hay.indexOf(BUILDINFO_MAGIC);
    if (at >= 0) {
      const rest = hay.subarray(at);
      this.captured = [Buffer.from(rest)];
      this.capturedBytes = rest.length;
      return;
    }
    this.tail = Buffer.from(hay.subarray(Math.max(0, hay.length - BUILDINFO_MAGIC.length + 1)));
  }

  end(): GoBuildInfo | "old-format" | undefined {
    if (!this.captured) return undefined;
    return parseBuildInfo(Buffer.concat(this.captured).subarray(0, this.captureBytes));
  }
}
