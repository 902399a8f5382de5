import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs } from './common.js';

export const handshakeStdoutNoise: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-stdout-noise',
    severity: 'error',
    step: 'handshake',
    title: 'The plugin prints to stdout before serving',
    description:
      'go-plugin reads the FIRST stdout line as the handshake. A banner or a stray fmt.Println before plugin.Serve breaks it ("Unrecognized remote plugin message"), even though a valid handshake line follows.',
    fix: 'The plugin must log to stderr, never stdout, before plugin.Serve. Report it to the plugin author; a wrapper cannot fix it.',
  },
  run(facts, report) {
    const start = facts.start;
    if (start?.outcome !== 'line-rejected' || start.laterHandshakeLine === undefined) return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} prints to stdout before its handshake line`,
      evidence: [
        launchedAs(facts),
        `first stdout line: ${JSON.stringify(start.firstLine)}`,
        `handshake line printed after it: ${JSON.stringify(start.laterHandshakeLine)}`,
        controllerClientError(facts, start.goPluginError ?? ''),
      ],
      fix: 'Remove the stdout output before plugin.Serve (log to os.Stderr instead) and release a new build; until then use a version of the plugin that does not print it.',
    });
  },
};
