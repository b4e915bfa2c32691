// Where tests find things outside the repo. The Go test vectors are shared with other
// checkouts and must never be copied into the repo.

/** The repository root, as a directory URL. */
export const REPO_ROOT = new URL("../../", import.meta.url);

/** Go's trace test vectors (`tests/*.test`, `fuzz/*`), next to the repo. */
export const TESTVECTORS = new URL("../shared/go-trace-testvectors/", REPO_ROOT);

/** The names in a directory, sorted, filtered by suffix. */
export function listDir(dir: URL, suffix = ""): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(suffix))
    .map((e) => e.name)
    .sort();
}
