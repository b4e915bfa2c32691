// -pprof=TYPE: the blocking profiles. Work in progress (issue 4): not available yet.

export function runPprof(_type: string, _bytes: Uint8Array): number {
  console.error("traceglass: -pprof is not implemented yet");
  return 1;
}
