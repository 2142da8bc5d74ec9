import type { Readable } from "node:stream";

/**
 * Wraps a Node readable in a pull-based web stream: a chunk is read only when the consumer asks for one,
 * so a slow client never makes us buffer a whole video. Cancelling destroys the source (closing its file).
 */
export function nodeToWebStream(source: Readable): ReadableStream<Uint8Array> {
  const chunks: AsyncIterator<unknown> = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done === true) {
            controller.close();
          } else if (next.value instanceof Uint8Array) {
            controller.enqueue(next.value);
          }
        } catch (error) {
          controller.error(error);
        }
      },
      cancel(reason) {
        source.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
