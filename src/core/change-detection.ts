/** How serve learns of changes, as serve/changes.ts detects it and /metrics shows it (render/prometheus.ts). */

/**
 * `watch` (a watch is open); `retry`: no watch is open yet (serve waits for a report to find the
 * controller, or opens the first one) or a watch failed, and serve neither watches nor polls while
 * it backs off and opens another (changes wait for that watch or the next interval); `poll` (the
 * fallback); `off` (--change-poll 0 and no watch).
 */
export type ChangeMode = 'watch' | 'retry' | 'poll' | 'off';
export const CHANGE_MODES: readonly ChangeMode[] = ['watch', 'retry', 'poll', 'off'];

/** What /metrics shows of change detection. */
export interface ChangeState {
  mode: ChangeMode;
  /** Why serve polls instead of watching (one line). */
  fallbackReason?: string;
  /** Watches that failed (network, server error, an answer that is not watch events). */
  watchFailures: number;
}
