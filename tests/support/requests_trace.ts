// testdata/traces/go1.26/requests.trace (testdata/programs/requests): a "database"
// goroutine, main.db, holds a lock across a 15 ms sleep, and some of the 1,600 request
// goroutines block on it. Who waited, who held the lock and the waiter's task, from the
// goroutine and task pages, which equal Go's (tests/analysis/summary_test.ts,
// tasks_regions_test.ts).

import assert from "node:assert/strict";
import { appFor, get } from "./web_app.ts";
import type { GoroutineModel, TaskListModel } from "../../server/core/contract/pages.ts";

export const REQUESTS = "testdata/traces/go1.26/requests.trace";

async function api<T>(path: string): Promise<T> {
  const res = await get(await appFor(REQUESTS), path);
  assert.equal(res.status, 200, path);
  return await res.json() as T;
}

/** The request goroutine that waited longest on the lock, the holder, the waiter's task. */
export async function lockWait(): Promise<{ waiter: number; holder: number; task: number }> {
  const sync = encodeURIComponent("Block time (sync)");
  const waiters = await api<GoroutineModel>(
    `/api/goroutine?name=main.request&sortby=${sync}&limit=1`,
  );
  const waiter = waiters.goroutines[0];
  assert.ok(
    (waiter.stats["Block time (sync)"] ?? 0) > 10e6,
    "a request waited > 10 ms on the lock",
  );
  const db = await api<GoroutineModel>("/api/goroutine?name=main.db");
  assert.equal(db.goroutines.length, 1);
  const tasks = await api<TaskListModel>("/api/usertask?type=request&limit=0");
  const task = tasks.tasks.find((t) => t.events.some((e) => e.goroutine === waiter.id));
  assert.ok(task, `the task of G${waiter.id}`);
  return { waiter: waiter.id, holder: db.goroutines[0].id, task: task.id };
}
