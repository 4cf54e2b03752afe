/**
 * One source for both forges (issue 10): workflows/*.yml are installed verbatim into
 * .github/workflows and rewritten for .gitea/workflows. A source line ending in
 * `# gitea: drop` is left out of the Gitea copy; one ending in `# gitea: TEXT` becomes TEXT
 * at the same indentation. What Gitea needs, and why:
 * - no OIDC token on Gitea: `id-token: write` dropped, `keyless` defaults to false (key-based signing);
 * - no artifact attestations API: `attestations: write` dropped;
 * - Gitea's artifact server speaks the v3 protocol of upload/download-artifact;
 * - reusable workflows are looked up under .gitea/workflows.
 */
const MARK = /\s+# gitea: (.*)$/;

export const GENERATED_HEADER = (source: string, forge: "github" | "gitea"): string =>
  `# Generated from workflows/${source} for ${forge === "github" ? "GitHub" : "Gitea"} by scripts/gen-workflows.mjs: edit the source, not this copy.\n`;

/** The GitHub copy: the source with its `# gitea:` marks removed. */
export function githubWorkflow(source: string, text: string): string {
  const body = text
    .split("\n")
    .map((line) => line.replace(MARK, ""))
    .join("\n");
  return GENERATED_HEADER(source, "github") + body;
}

/** The Gitea copy: marks applied, reusable-workflow paths moved to .gitea/workflows. */
export function giteaWorkflow(source: string, text: string): string {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = MARK.exec(line);
    if (!m) {
      out.push(line.replace(/(uses:\s*[^\s]+?)\/\.github\/workflows\//, "$1/.gitea/workflows/"));
      continue;
    }
    const replacement = (m[1] ?? "").trim();
    if (replacement === "drop") continue;
    const indent = /^\s*/.exec(line)?.[0] ?? "";
    out.push(indent + replacement);
  }
  return GENERATED_HEADER(source, "gitea") + out.join("\n");
}
