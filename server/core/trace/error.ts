// Errors from decoding a trace. The message is Go's wording (so tests can match Go's
// own expectations); the offset says where in the file the problem is.

export class TraceError extends Error {
  constructor(
    /** Go's error text. */
    readonly goMessage: string,
    /** Byte offset in the file, or -1 when the error is not tied to one place. */
    readonly offset: number,
    /** Size of the input. */
    readonly size: number,
  ) {
    super(offset >= 0 ? `${goMessage} (at byte offset ${offset} of ${size})` : goMessage);
    this.name = "TraceError";
  }
}
