/**
 * The one parser of every duration flag (--timeout, --request-timeout, --handshake-timeout): Go's
 * time.ParseDuration syntax as kubectl takes it ("500ms", "10s", "1m30s", "1.5h"; a bare number is
 * seconds, as kubectl's --request-timeout reads it). A value Node's timers cannot hold (more than
 * 2^31-1 ms, about 24.8 days) is a usage error: Node would fire such a timer after 1 ms.
 * And the one renderer of durations for the user, in two forms: formatDuration for a flag's value,
 * humanDuration for prose.
 */
import { UsageError } from './errors.js';

/** setTimeout's largest delay; anything longer fires at once (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;
/** One `<number><unit>` term; the text is at most a few dozen characters, checked below. */
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
const MAX_DURATION_TEXT = 64;

/** Milliseconds in `value`, or a UsageError naming `--flag`. `0` is allowed (callers read it as "none"). */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  const invalid = (why: string) =>
    new UsageError(`invalid value "${value.slice(0, MAX_DURATION_TEXT)}" for --${flag}: ${why}`);
  if (text.length === 0 || text.length > MAX_DURATION_TEXT) throw invalid('use a duration such as 30s, 2m or 1m30s');
  let ms = 0;
  if (BARE_SECONDS.test(text)) ms = Number(text) * 1000;
  else {
    // The text is not empty, so at least one term is read or the text is refused.
    TERM.lastIndex = 0;
    while (TERM.lastIndex < text.length) {
      const term = TERM.exec(text);
      if (!term) throw invalid('use a duration such as 30s, 2m or 1m30s');
      ms += Number(term[1]) * UNIT_MS[term[2]!]!;
    }
  }
  if (!Number.isFinite(ms) || ms > MAX_TIMER_MS) throw invalid('longer than the 24.8 days (2147483647 ms) a timer can wait');
  return ms;
}

/** For flags where `0` means "no limit of its own" (kubectl's --request-timeout): undefined then. */
export function parseOptionalDuration(value: string | undefined, flag: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = parseDuration(value, flag);
  return ms === 0 ? undefined : ms;
}

/**
 * The flag form, for a value the user pastes into a duration flag (a fix's `--timeout 4m`, an
 * echoed `--cluster-timeout 1m30s`): Go's time.Duration text, largest units first, exact to the millisecond, so
 * parseDuration reads back what was given: `4m`, `1m30s`, `1.5s`, `500ms`.
 */
export function formatDuration(ms: number): string {
  const whole = Math.round(ms);
  if (whole < 1000) return `${whole}ms`;
  const [h, m, s] = [Math.floor(whole / 3_600_000), Math.floor((whole % 3_600_000) / 60_000), (whole % 60_000) / 1000];
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/**
 * The prose form, for a duration a person reads in a sentence, a log line or a table (how long a
 * download took, a deadline that ran out, when serve tries again): `850 ms`, `1.5 s`, `10 s`,
 * `1 min 30 s`, `2 h 5 min`. Under a minute it keeps a tenth of a second; from a minute on, whole seconds.
 */
export function humanDuration(ms: number): string {
  const tenths = Math.round(ms / 100);
  if (tenths < 10) return `${Math.round(ms)} ms`;
  if (tenths < 600) return `${tenths / 10} s`;
  const seconds = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return [h && `${h} h`, m && `${m} min`, s && `${s} s`].filter(Boolean).join(' ');
}
