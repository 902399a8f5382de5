/** Reads stdin for `-f -`, at most `maxBytes` (a larger input is cut there and rejected by the reader). */
export async function readStdin(maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stdin = process.stdin;
  const onAbort = () => stdin.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stdin) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= maxBytes) break;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stdin.destroy();
  }
  if (signal.aborted) throw signal.reason;
  return Buffer.concat(chunks).subarray(0, maxBytes);
}
