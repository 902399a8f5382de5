/** How serve learns of changes, as serve/changes.ts detects it and /metrics shows it (render/prometheus.ts). */

/** `watch`, `poll` (the fallback), `off` (--change-poll 0 and no watch). */
export type ChangeMode = 'watch' | 'poll' | 'off';
export const CHANGE_MODES: readonly ChangeMode[] = ['watch', 'poll', 'off'];

/** What /metrics shows of change detection. */
export interface ChangeState {
  mode: ChangeMode;
  /** Why serve polls instead of watching (one line). */
  fallbackReason?: string;
  /** Watches that failed (network, server error, an answer that is not watch events). */
  watchFailures: number;
}
