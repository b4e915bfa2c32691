// The heavy clients of scripts/load_test.ts, in a worker so that reading big bodies does not
// delay the probe's own measurements. Receives { base, paths, clients, untilMs }; answers
// with the tally when the time is up.

/// <reference lib="deno.worker" />

interface Job {
  base: string;
  paths: string[];
  clients: number;
  /** How long to run, from when the job arrives. */
  forMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

self.onmessage = async (e: MessageEvent<Job>) => {
  const { base, paths, clients, forMs } = e.data;
  const end = performance.now() + forMs;
  const tally = {
    ok: 0,
    busy: 0,
    other: 0,
    failed: 0,
    busyWithoutRetryAfter: 0,
    /** Requests still running when the time was up (aborted then). */
    cut: 0,
    latency: [] as number[],
    bytes: 0,
    /** Other answers: "status path" → count. */
    others: {} as Record<string, number>,
  };
  const client = async (k: number) => {
    for (let i = k; performance.now() < end; i++) {
      const path = paths[i % paths.length];
      const t = performance.now();
      try {
        // Cut off at the end, so a request of minutes (a big trace's /jsontrace) cannot
        // hold the run past its time.
        const signal = AbortSignal.timeout(Math.max(1, end - performance.now()));
        const res = await fetch(base + path, { signal });
        let n = 0;
        for await (const c of res.body!) n += c.length;
        if (res.status === 200) {
          tally.ok++;
          tally.latency.push(performance.now() - t);
          tally.bytes += n;
        } else if (res.status === 503) {
          tally.busy++;
          if (!res.headers.has("retry-after")) tally.busyWithoutRetryAfter++;
          const after = Number(res.headers.get("retry-after") ?? "1");
          await sleep(Math.min(after, 2) * 1000);
        } else {
          tally.other++;
          const k = `${res.status} ${path.slice(0, 40)}`;
          tally.others[k] = (tally.others[k] ?? 0) + 1;
        }
      } catch {
        if (performance.now() >= end - 5) tally.cut++;
        else tally.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
  self.postMessage(tally);
};
