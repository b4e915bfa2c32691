// Command-line flags with the semantics of Go's `flag` package, which `go tool trace`
// uses: `-name=value`, `--name=value` and `-name value`; parsing stops at the first
// non-flag argument or after `--`. No Deno APIs, so it can be tested alone.

export interface FlagSpec {
  /** Flag names and their default values (all flags of go tool trace take a string). */
  [name: string]: string;
}

export type FlagResult =
  | { ok: true; flags: Record<string, string>; args: string[] }
  /** `message` is what Go prints before the usage text; "" for -h/-help. */
  | { ok: false; message: string };

/**
 * `bools` names boolean flags: `-name` alone sets "true" (Go's `-name=false` works too),
 * as Go's flag package does for bool flags.
 */
export function parseFlags(
  argv: string[],
  spec: FlagSpec,
  bools: ReadonlySet<string> = new Set(),
): FlagResult {
  const flags: Record<string, string> = { ...spec };
  let i = 0;
  while (i < argv.length) {
    const s = argv[i];
    if (s.length < 2 || s[0] !== "-") break;
    let numMinuses = 1;
    if (s[1] === "-") {
      numMinuses = 2;
      if (s.length === 2) {
        i++; // "--" terminates the flags
        break;
      }
    }
    let name = s.slice(numMinuses);
    if (name.length === 0 || name[0] === "-" || name[0] === "=") {
      return { ok: false, message: `bad flag syntax: ${s}` };
    }
    i++;
    let value: string | undefined;
    const eq = name.indexOf("=");
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!(name in spec)) {
      if (name === "help" || name === "h") return { ok: false, message: "" };
      return { ok: false, message: `flag provided but not defined: -${name}` };
    }
    if (bools.has(name)) {
      value ??= "true";
      if (!/^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/.test(value)) {
        return { ok: false, message: `invalid boolean value "${value}" for -${name}: parse error` };
      }
      value = /^(1|t|T|true|TRUE|True)$/.test(value) ? "true" : "false";
    }
    if (value === undefined) {
      if (i >= argv.length) return { ok: false, message: `flag needs an argument: -${name}` };
      value = argv[i++];
    }
    flags[name] = value;
  }
  return { ok: true, flags, args: argv.slice(i) };
}
