import { MAX_INPUT_BYTES } from '../config/sources.js';

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

/** How lint, probe -f and doctor -f read their -f inputs, from their flags (-R, --controller-version, --chart-version). */
export function readOptionsFromArgs(args: Record<string, unknown>, signal: AbortSignal) {
  return {
    ...(args.controllerVersion ? { controllerVersion: String(args.controllerVersion) } : {}),
    ...(args.chartVersion !== undefined ? { chartVersion: String(args.chartVersion) } : {}),
    ...(args.recursive === true && { recursive: true }),
    readStdin: () => readStdin(MAX_INPUT_BYTES + 1, signal),
    signal,
  };
}
