import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs } from './common.js';

const HERE = 'this-machine';
/** Launch errors of the machine the tool runs on (a file still open for writing, process or file limits), not of the plugin: Node's codes, or exec's words for ETXTBSY. */
const THIS_MACHINE = /\b(ETXTBSY|EMFILE|ENFILE|EAGAIN|ENOMEM)\b|: (text file busy)$/;

export const handshakeLaunchFailed: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-launch-failed',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin binary could not be executed',
    description:
      'Starting the process failed before it ran: the file is not executable (mode), not a binary for this kernel (exec format error), or a script whose interpreter is missing. The controller fails the same way.',
    fix: 'The controller makes downloaded plugins executable itself; for file:// plugins `chmod +x` the file in the image. An exec format error means the file is not a binary for this OS/arch.',
    variants: {
      // The launch failed for a reason of the machine the tool runs on: the plugin was not tested, and says nothing about the controller.
      [HERE]: {
        severity: 'warning',
        effect: 'not-seen',
        title: 'The plugin binary could not be executed on this machine, for a reason of this machine (not tested)',
      },
    },
  },
  run(facts, report) {
    if (facts.start?.outcome !== 'spawn-failed') return;
    const error = facts.start.spawnError ?? 'unknown error';
    const match = THIS_MACHINE.exec(error);
    const here = match?.[2] ? 'ETXTBSY' : match?.[1];
    if (here) {
      report({
        variant: HERE,
        plugin: facts.plugin,
        title: `${facts.plugin.name} could not be executed on this machine (${here}), so it was not tested`,
        evidence: [launchedAs(facts), `error: ${error}`],
        fix:
          here === 'ETXTBSY'
            ? `A process here still has ${facts.binaryPath} open for writing (a copy or download not finished): let it finish, then run again.`
            : `This machine is out of processes, open files or memory (${here}): close other programs or raise the limit (ulimit -n, ulimit -u), then run again.`,
      });
      return;
    }
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} could not be executed: ${error}`,
      evidence: [launchedAs(facts), `error: ${error}`, controllerClientError(facts, facts.start.goPluginError ?? error)],
      fix: /EACCES/.test(error)
        ? `chmod +x ${facts.binaryPath} (for a file:// plugin, in the image that provides it)`
        : 'Use the release asset built for the controller\'s OS/arch (usually linux-amd64 or linux-arm64) and check it is a complete binary (file, sha256).',
    });
  },
};
