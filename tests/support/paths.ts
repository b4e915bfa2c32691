// Where tests find things: the repository, and Go's trace test vectors outside it.

import { goOracleEnvSync } from "./go_oracle.ts";

/** The repository root, as a directory URL. */
export const REPO_ROOT = new URL("../../", import.meta.url);

let vectors: { tests: URL; fuzz: URL } | undefined;

/**
 * Go's trace test vectors, read in place: the golden tests (`*.test`) and the trace reader's
 * fuzz seeds. They ship with Go, in `$(go env GOROOT)/src/internal/trace/testdata` of the
 * oracle's toolchain; `$TRACEGLASS_SHARED` names another copy (its `go-trace-testvectors/`
 * holds `tests/` and `fuzz/`). Never copied into the repo.
 */
export function goTraceVectors(): { tests: URL; fuzz: URL } {
  if (vectors) return vectors;
  const shared = Deno.env.get("TRACEGLASS_SHARED");
  if (shared) {
    const root = new URL("go-trace-testvectors/", dirUrl(shared));
    vectors = { tests: new URL("tests/", root), fuzz: new URL("fuzz/", root) };
  } else {
    const root = new URL("src/internal/trace/testdata/", dirUrl(goOracleRoot()));
    vectors = { tests: new URL("tests/", root), fuzz: new URL("fuzz/FuzzReader/", root) };
  }
  for (const dir of Object.values(vectors)) {
    try {
      Deno.statSync(dir);
    } catch {
      throw new Error(`Go's trace test vectors are not at ${dir.pathname} (see tests/README.md)`);
    }
  }
  return vectors;
}

// GOROOT of the oracle toolchain (go_oracle.ts pins the release when `go` is another one).
function goOracleRoot(): string {
  const out = new Deno.Command("go", { args: ["env", "GOROOT"], env: goOracleEnvSync() })
    .outputSync();
  const root = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || root === "") {
    throw new Error(
      `\`go env GOROOT\` failed (Go is the test oracle; install it or set TRACEGLASS_SHARED):\n` +
        new TextDecoder().decode(out.stderr),
    );
  }
  return root;
}

const dirUrl = (path: string) => new URL(`file://${path.replace(/\/?$/, "/")}`);

/** The names in a directory, sorted, filtered by suffix. */
export function listDir(dir: URL, suffix = ""): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(suffix))
    .map((e) => e.name)
    .sort();
}
