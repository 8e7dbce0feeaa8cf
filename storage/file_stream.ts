/**
 * A byte range of an open file as a `ReadableStream`, closing the file when the range is
 * read or the reader cancels, so a download that stops half-way leaks no handle.
 *
 * @module
 */

const CHUNK = 64 * 1024;

/** Streams `length` bytes of `file` from `start`; takes ownership of `file`. */
export function fileRangeStream(
  file: Deno.FsFile,
  start: number,
  length: number,
): ReadableStream<Uint8Array> {
  let remaining = length;
  let positioned = start === 0;
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      file.close();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!positioned) {
          await file.seek(start, Deno.SeekMode.Start);
          positioned = true;
        }
        const buffer = remaining > 0 ? new Uint8Array(Math.min(CHUNK, remaining)) : undefined;
        const n = buffer ? await file.read(buffer) : null;
        if (n === null) {
          close();
          controller.close();
          return;
        }
        remaining -= n;
        controller.enqueue(buffer!.subarray(0, n));
        if (remaining <= 0) {
          close();
          controller.close();
        }
      } catch (err) {
        close();
        controller.error(err);
      }
    },
    cancel: close,
  }, { highWaterMark: 0 });
}
