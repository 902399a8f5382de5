/** Warning events that mention a plugin, in the controller namespace and the first namespaces holding Rollouts. */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { WarningEvent } from '../facts.js';
import type { ApiReads } from './api.js';

/** Events are read in this many namespaces at most: enough to show the pattern, cheap on a big cluster. */
const MAX_EVENT_NAMESPACES = 10;

export async function readPluginWarningEvents(api: ApiReads, namespaces: readonly string[]): Promise<WarningEvent[]> {
  const lists = await Promise.all(
    [...new Set(namespaces)].slice(0, MAX_EVENT_NAMESPACES).map((ns) =>
      api.list<CoreV1Event, WarningEvent[]>(
        { path: `/api/v1/namespaces/${ns}/events` },
        { verb: 'list', resource: 'events', group: '', namespace: ns },
        `Warning events in ${ns}`,
        () => [],
        (kept, event) => {
          const message = event.message ?? '';
          if (event.type !== 'Warning' || !/plugin/i.test(message)) return;
          kept.push({
            object: `${event.involvedObject?.kind ?? '?'} ${ns}/${event.involvedObject?.name ?? '?'}`,
            reason: event.reason ?? '',
            message,
            count: typeof event.count === 'number' ? event.count : 1,
            lastSeen: event.lastTimestamp ?? event.eventTime,
          });
        },
      ),
    ),
  );
  return lists.flatMap((list) => (list.ok ? list.body : []));
}
