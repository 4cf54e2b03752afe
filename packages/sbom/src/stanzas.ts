/**
 * RFC 822-style paragraphs as dpkg status files (deb-control(5)), apk's installed db and
 * Python core metadata use them: `Key: value`, continuation lines starting with a space
 * or tab, paragraphs separated by blank lines. Keeps the line number of each paragraph so
 * warnings can say file:line.
 */
export interface Stanza {
  line: number;
  fields: Map<string, string>;
  /** Lines that were neither a field nor a continuation (1-based line numbers). */
  bad: number[];
}

export function parseStanzas(text: string, opts: { separator?: RegExp; stopAtFirstBlank?: boolean } = {}): Stanza[] {
  const sep = opts.separator ?? /^([A-Za-z0-9][A-Za-z0-9_.-]*):[ \t]?(.*)$/;
  const out: Stanza[] = [];
  let cur: Stanza | undefined;
  let last: string | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line.trim() === "") {
      if (cur && opts.stopAtFirstBlank) break;
      cur = undefined;
      last = undefined;
      continue;
    }
    if (!cur) {
      cur = { line: i + 1, fields: new Map(), bad: [] };
      out.push(cur);
    }
    if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      cur.fields.set(last, `${cur.fields.get(last) ?? ""}\n${line.slice(1)}`);
      continue;
    }
    const m = sep.exec(line);
    if (!m) {
      cur.bad.push(i + 1);
      continue;
    }
    last = m[1] ?? "";
    if (!cur.fields.has(last)) cur.fields.set(last, (m[2] ?? "").trim());
  }
  return out;
}
