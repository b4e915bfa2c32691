import { Profile } from "pprof-format";
async function gunzip(b: Uint8Array) {
  const s = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(s).arrayBuffer());
}
function samples(p: Profile): Map<string, [number, number]> {
  const st = p.stringTable.strings;
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const fns = new Map(p.function.map((f) => [Number(f.id), f]));
  const m = new Map<string, [number, number]>();
  for (const s of p.sample) {
    const key = s.locationId.map((id) => {
      const l = locs.get(Number(id))!;
      return l.line.map((ln) => { const f = fns.get(Number(ln.functionId))!; return `${st[Number(f.name)]} ${st[Number(f.filename)]}:${ln.line} @${l.address.toString(16)}`; }).join("|");
    }).join("\n");
    const v = m.get(key) ?? [0, 0];
    v[0] += Number(s.value[0]); v[1] += Number(s.value[1]);
    m.set(key, v);
  }
  return m;
}
const [f, ty] = Deno.args;
const run = async (cmd: string[]) => (await new Deno.Command(cmd[0], { args: cmd.slice(1), stdout: "piped", env: {TZ:"UTC"} }).output()).stdout;
const go = samples(Profile.decode(await gunzip(await run(["go", "tool", "trace", `-pprof=${ty}`, f]))));
const us = samples(Profile.decode(await gunzip(await run(["deno", "run", "-A", "/work/main/server/main.ts", `-pprof=${ty}`, f]))));
let diff = 0;
for (const [k, v] of go) { const u = us.get(k); if (!u || u[0] !== v[0] || u[1] !== v[1]) { diff++; if (diff < 4) console.log("GO", v, "US", u, "\n" + k); } }
for (const [k, v] of us) if (!go.has(k)) { diff++; if (diff < 4) console.log("ONLY US", v, "\n" + k); }
console.log(f, ty, "go samples", go.size, "ours", us.size, "diffs", diff);
