// The trace format is written once, in TypeScript (server/core/trace/v2_specs.ts and
// format.ts); its AssemblyScript side is generated (scripts/gen_format.ts). These tests fail
// when the two drift or when a number comes back as a hand-written copy.

import assert from "node:assert/strict";
import { formatSources } from "../../scripts/gen_format.ts";
import { GoState, ProcState, SYNC_TYPE } from "../../server/core/trace/format.ts";
import { Ev, GO_STATES, PROC_STATES, SYNC } from "../../server/core/trace/kinds.ts";
import { eventIdsByName, V2_SPECS } from "../../server/core/trace/v2_specs.ts";
import { listDir, REPO_ROOT } from "../support/paths.ts";

Deno.test("the committed AssemblyScript format modules are what the TypeScript source generates", async () => {
  for (const [path, text] of formatSources()) {
    const committed = await Deno.readTextFile(new URL(path, REPO_ROOT));
    assert.equal(committed, text, `${path} drifted from its source: run deno task build`);
  }
});

Deno.test("the generated spec table carries every v2 event's argument layout", () => {
  const specs = formatSources().get("asm/src/v2/specs.ts")!;
  for (const [id, s] of V2_SPECS.entries()) {
    if (s.name === "") continue;
    assert.match(specs, new RegExp(`^export const Ev${s.name}: u8 = ${id};$`, "m"));
    const line = specs.match(new RegExp(`^def\\(Ev${s.name}, "${s.name}", (\\d+), (\\w+)`, "m"));
    assert.ok(line, `no def line for ${s.name}`);
    assert.equal(Number(line[1]), s.args.length, s.name);
    assert.equal(line[2], String(s.isTimed), s.name);
  }
});

Deno.test("no AssemblyScript module declares a state number, table id or the Sync type itself", () => {
  const copy =
    /^(export )?const (GoSt|ProcSt|Go(Bad|Runnable|Running|Syscall|Waiting)\b|Proc(Bad|Running|Idle|Syscall)|T_|Table[A-Z]|SYNC_TYPE|STEP_|Step[A-Z])\w*: (u8|i32) = /m;
  const dirs = ["asm/src/", "asm/src/v1/", "asm/src/v2/", "asm/src/table/", "asm/src/util/"];
  for (const dir of dirs) {
    for (const name of listDir(new URL(dir, REPO_ROOT), ".ts")) {
      const path = dir + name;
      if (path === "asm/src/format.ts") continue;
      const text = Deno.readTextFileSync(new URL(path, REPO_ROOT));
      assert.doesNotMatch(text, copy, `${path} declares a format number: import it from format.ts`);
    }
  }
});

Deno.test("the TypeScript event-type and state names come from the same source", () => {
  const ids = eventIdsByName(V2_SPECS);
  for (const [name, id] of Object.entries(Ev)) {
    if (name === "Sync") assert.equal(id, SYNC_TYPE);
    else assert.equal(id, ids.get(name), name);
  }
  assert.equal(SYNC, SYNC_TYPE);
  assert.deepEqual(GO_STATES.map((n) => GoState[n as keyof typeof GoState]), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(PROC_STATES.map((n) => ProcState[n as keyof typeof ProcState]), [0, 1, 2, 3]);
});
