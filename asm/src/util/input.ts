// The trace bytes the decoder reads: a window of the file in linear memory. A whole
// trace may be one window (eof set); a Go 1.22+ trace may also come a few generations at
// a time, the host moving the unread tail to the front and appending more (see
// parser.ts: inputBuffer, setWindow, needInput).

export let inputPtr: usize = 0;
export let inputLen: usize = 0;
/** File offset of the window's first byte. */
export let inputBase: i64 = 0;
/** Whether the window ends where the file ends. */
export let inputEof: bool = true;

export function setInput(ptr: usize, len: usize): void {
  inputPtr = ptr;
  inputLen = len;
  inputBase = 0;
  inputEof = true;
}

export function setWindowBounds(ptr: usize, len: usize, base: i64, eof: bool): void {
  inputPtr = ptr;
  inputLen = len;
  inputBase = base;
  inputEof = eof;
}

/** File offset of a pointer into the input. */
// @inline
export function offsetOf(p: usize): i64 {
  return <i64> (p - inputPtr) + inputBase;
}
