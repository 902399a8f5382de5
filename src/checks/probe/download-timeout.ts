import { formatBytes } from '../../core/size.js';
import { downloadEvidence, downloadOutcomeCheck } from './support.js';
import { humanDuration } from '../../core/duration.js';

const PHASES = {
  connect: 'connecting',
  headers: 'waiting for the response headers',
  'body-idle': 'waiting for more of the body',
  total: 'downloading',
} as const;

export const downloadTimeout = downloadOutcomeCheck(
  {
    id: 'download-timeout',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The plugin server is too slow or stalls',
    description:
      'The download hit a deadline: connect, response headers, silence in the body, or the whole download. The controller has no deadline at all: its start-up waits on the download until the pod is killed, so a stalled server keeps the controller from starting.',
    fix: 'Host the binary somewhere that answers promptly, or copy it in with an init container (`file://` location). Raise the probe deadlines only if the server is just slow.',
  },
  'timeout',
  (facts, d) => {
    const phase = d.error?.phase ?? 'total';
    const deadline = d.error?.deadlineMs !== undefined ? humanDuration(d.error.deadlineMs) : 'the deadline';
    const received = d.contentLength !== undefined ? `${formatBytes(d.bytes)} of ${formatBytes(d.contentLength)}` : formatBytes(d.bytes);
    return {
      title: `no progress ${PHASES[phase]} within ${deadline} (${d.bytes} bytes received)`,
      evidence: downloadEvidence(
        facts,
        `deadline: ${phase} ${deadline}`,
        `received so far: ${received}${d.ttfbMs !== undefined ? `, first byte after ${humanDuration(d.ttfbMs)}` : ''}`,
        'the controller sets no deadline: its start-up would wait on this download',
      ),
      fix: `Serve ${d.finalUrl} from a host that answers within seconds, or bundle the binary with an init container and a \`file://\` location.`,
    };
  },
);
