import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { keyOfType } from '../../config/types.js';
import { controllerClientError, launchedAs, rerunCommand, stderrEvidence } from './common.js';

/** Go prints the flag as `-name` whatever dashes were used; drop `-name`, `--name` and `--name=v`. */
function withoutFlag(args: readonly string[], flag: string): string[] {
  const name = flag.replace(/^-+/, '');
  return args.filter((arg) => arg.replace(/^-+/, '').split('=')[0] !== name);
}

export const handshakeBadArgs: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-bad-args',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin rejects its configured args',
    description:
      'The controller passes the entry\'s `args` to the plugin as command-line arguments. A Go plugin using the flag package exits with "flag provided but not defined" on an argument it does not know, before the handshake.',
    fix: 'Remove or correct the argument in the plugin\'s `args`; the plugin\'s usage text in its stderr lists the flags it accepts.',
    example: 'args: ["--log-level=debug"] for a plugin whose flag is -loglevel',
  },
  run(facts, report) {
    if (facts.undefinedFlag === undefined || facts.start?.outcome === 'started') return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} does not accept the argument ${facts.undefinedFlag}`,
      evidence: [
        launchedAs(facts),
        `args: ${JSON.stringify(facts.args)}`,
        controllerClientError(facts, 'plugin exited before we could connect'),
        ...stderrEvidence(facts, 12),
      ],
      fix: facts.standalone
        ? `Drop ${facts.undefinedFlag} from the arguments after \`--\`, or replace it with a flag from the usage above:\n\n    ${rerunCommand(facts, { args: withoutFlag(facts.args, facts.undefinedFlag) })}`
        : `Fix \`args\` of ${facts.plugin.name} under \`${keyOfType(facts.plugin.type)}\`: drop ${facts.undefinedFlag} or replace it with a flag from the usage above, e.g.\n\n    - name: "${facts.plugin.name}"\n      location: <unchanged>\n      args: ${JSON.stringify(withoutFlag(facts.args, facts.undefinedFlag))}`,
    });
  },
};
