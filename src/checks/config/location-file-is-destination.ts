import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where, redactText } from './support.js';

export const locationFileIsDestination: Check<ConfigFacts> = {
  meta: {
    id: 'location-file-is-destination',
    severity: 'error',
    step: 'config',
    effect: 'breaks-users',
    title: 'A file:// location is the plugin\'s own place in plugin-bin: the controller empties it',
    description:
      'The controller copies a file:// plugin to `plugin-bin/<namespace>/<name>` by opening the source and then creating the destination, which truncates it. When both are the same file (an init container that puts the binary exactly where the controller would), the copy is 0 bytes: the controller starts, and the plugin fails when a Rollout or AnalysisRun first uses it (`exec format error`). A container restart does not refill the volume.',
    fix: 'Have the init container put the binary at another path of the volume, and point the location there.',
    example: 'name: argoproj-labs/gatewayAPI\nlocation: file://plugin-bin/argoproj-labs/gatewayAPI',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (e.locationFacts.kind !== 'file' || !e.destination || e.locationFacts.target !== e.destination) continue;
      const elsewhere = `${e.destination.slice(0, e.destination.lastIndexOf('/plugin-bin/') + '/plugin-bin/'.length)}source/${e.destination.split('/').pop()}`;
      report({
        plugin: pluginRef(e),
        title: `${e.name}: ${redactText(e.location)} is where the controller copies the plugin to, so the copy empties it`,
        evidence: [
          `${where(e)}: location ${JSON.stringify(redactText(e.location))} resolves to ${e.destination}, the destination of ${e.name}`,
          'the controller opens the source, then creates the destination (truncating the same file) and copies 0 bytes; it starts, and the plugin fails when first used: exec format error',
        ],
        fix: `Copy the binary to another path in the init container, e.g. ${elsewhere}, and write location: "file://${elsewhere}"`,
      });
    }
  },
};
