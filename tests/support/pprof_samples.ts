// Reads gzipped pprof profiles (Go's and ours) into comparable form: the samples as a
// multiset of (stack as address/function/file/line per frame → count, delay), plus the
// header fields. Ids and sample order differ between runs of Go itself (map order), so
// only this content is compared.

import { Profile } from "pprof-format";

export interface ProfileContent {
  sampleTypes: string[];
  periodType: string;
  period: number;
  /** One entry per sample: "stack text\tcount\tdelay", sorted. */
  samples: string[];
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(s).arrayBuffer());
}

export async function profileContent(gz: Uint8Array): Promise<ProfileContent> {
  const p = Profile.decode(await gunzip(gz));
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)];
  const fns = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const frame = (id: number | bigint) => {
    const l = locs.get(Number(id));
    if (!l) throw new Error(`sample refers to missing location ${id}`);
    const lines = l.line.map((ln) => {
      const f = fns.get(Number(ln.functionId));
      if (!f) throw new Error(`location refers to missing function ${ln.functionId}`);
      return `${str(f.name)} [${str(f.systemName)}] ${str(f.filename)}:${ln.line}`;
    });
    return `0x${l.address.toString(16)} ${lines.join(" | ")}`;
  };
  return {
    sampleTypes: p.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`),
    periodType: p.periodType ? `${str(p.periodType.type)}/${str(p.periodType.unit)}` : "",
    period: Number(p.period),
    samples: p.sample
      .map((s) => `${s.locationId.map(frame).join(" ; ")}\t${s.value.join("\t")}`)
      .sort(),
  };
}

/** A short description of how two profiles differ, or undefined when they do not. */
export function describeProfileDifference(
  ours: ProfileContent,
  go: ProfileContent,
): string | undefined {
  const head = (c: ProfileContent) => JSON.stringify([c.sampleTypes, c.periodType, c.period]);
  if (head(ours) !== head(go)) return `header ${head(ours)} vs Go ${head(go)}`;
  if (JSON.stringify(ours.samples) === JSON.stringify(go.samples)) return undefined;
  const missing = go.samples.filter((s) => !ours.samples.includes(s));
  const extra = ours.samples.filter((s) => !go.samples.includes(s));
  const cut = (s: string) => s.length > 300 ? s.slice(0, 300) + "…" : s;
  return `${ours.samples.length} samples vs Go ${go.samples.length}; ` +
    `missing: ${missing.slice(0, 2).map(cut).join(" || ")}; extra: ${
      extra.slice(0, 2).map(cut).join(" || ")
    }`;
}
