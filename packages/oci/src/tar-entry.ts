/**
 * The few bytes of a ustar archive the example image needs (POSIX.1-1988 ustar header,
 * fixed mode/uid/gid/mtime so the same files give the same layer digest). Names up to 100 bytes.
 */
function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

export function tarHeader(name: string, size: number, mtime = 0): Buffer {
  const header = Buffer.alloc(512, 0);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name "${name}" is over 100 bytes`);
  header.write(name, 0, "utf8");
  header.write(octal(0o644, 8), 100, "ascii");
  header.write(octal(0, 8), 108, "ascii");
  header.write(octal(0, 8), 116, "ascii");
  header.write(octal(size, 12), 124, "ascii");
  header.write(octal(mtime, 12), 136, "ascii");
  header.write("        ", 148, "ascii");
  header.write("0", 156, "ascii");
  header.write("ustar\0", 257, "ascii");
  header.write("00", 263, "ascii");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + " ", 148, "ascii");
  return header;
}

/** Zero bytes that pad an entry of `size` bytes to the 512-byte block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512, 0);
}

/** The end-of-archive marker: two zero blocks. */
export const TAR_END = Buffer.alloc(1024, 0);

/** A whole small archive from in-memory files, in the order given. */
export function tarOf(files: readonly { name: string; content: Uint8Array }[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) parts.push(tarHeader(f.name, f.content.byteLength, mtime), Buffer.from(f.content), tarPadding(f.content.byteLength));
  parts.push(TAR_END);
  return Buffer.concat(parts);
}
