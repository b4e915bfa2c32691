// The trace bytes, copied into linear memory by the host before parsing.

export let inputPtr: usize = 0;
export let inputLen: usize = 0;

export function setInput(ptr: usize, len: usize): void {
  inputPtr = ptr;
  inputLen = len;
}

/** File offset of a pointer into the input. */
// @ts-ignore: decorator
@inline
export function offsetOf(p: usize): i64 {
  return <i64>(p - inputPtr);
}
