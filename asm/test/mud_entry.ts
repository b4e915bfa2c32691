// Test-only wasm entry for asm/src/mmu/mud.ts (tests/analysis/mmu_mud_test.ts): Go 1.26 never
// fills the distribution from MMUCurve.MUD, so its behaviour is checked directly here.

export {
  mudAdd as add,
  mudInvCumulativeSum as invCumulativeSum,
  mudReset as reset,
  mudSetTrackMass as setTrackMass,
  mudTrackedKnown as trackedKnown,
  mudTrackedLower as trackedLower,
  mudTrackedUpper as trackedUpper,
} from "../src/mmu/mud";

import { invFound } from "../src/mmu/mud";

/** The second result of the last invCumulativeSum. */
export function found(): bool {
  return invFound;
}
