// Where tests find things outside the repo. The Go test vectors are shared with other
// checkouts and must never be copied into the repo.

/** The repository root, as a directory URL. */
export const REPO_ROOT = new URL("../../", import.meta.url);

/**
 * Go's trace test vectors (`tests/*.test`, `fuzz/*`): `../shared/` beside the repo, as on
 * the team's machines and in CI, or wherever $TRACEGLASS_SHARED points.
 */
export const TESTVECTORS = new URL(
  "go-trace-testvectors/",
  Deno.env.get("TRACEGLASS_SHARED")
    ? new URL(`file://${Deno.env.get("TRACEGLASS_SHARED")!.replace(/\/?$/, "/")}`)
    : new URL("../shared/", REPO_ROOT),
);

/** The names in a directory, sorted, filtered by suffix. */
export function listDir(dir: URL, suffix = ""): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(suffix))
    .map((e) => e.name)
    .sort();
}
