import type { Check } from '../../core/check.js';
import { formatBytes } from '../../core/size.js';
import { overMaxSize } from '../../probe/facts.js';
import type { ProbeFacts } from '../../probe/types.js';
import { downloadEvidence, pluginRef } from './support.js';

export const downloadTooLarge: Check<ProbeFacts> = {
  meta: {
    id: 'download-too-large',
    severity: 'warning',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The plugin file is larger than --max-size',
    description:
      'The probe stopped past `--max-size` (default 512 MiB) and could not verify the plugin. Plugins are a few tens of MiB; a bigger file is usually the wrong asset (a bundle, an image), and the controller keeps it in an emptyDir under a 1Gi ephemeral-storage limit.',
    fix: 'Check that `location` points at the plugin binary; raise `--max-size` if it really is that big.',
  },
  run(facts, report) {
    const title = overMaxSize(facts);
    if (title === undefined) return;
    const d = facts.download;
    if (d?.outcome === 'too-large') {
      report({
        plugin: pluginRef(facts),
        title,
        evidence: downloadEvidence(facts, `received before stopping: ${formatBytes(d.bytes)}`, ...(d.contentLength !== undefined ? [`Content-Length: ${d.contentLength}`] : [])),
        fix: 'Point `location` at the plugin binary itself, or run again with a larger `--max-size`.',
      });
    }
    const local = facts.local;
    if (local?.state === 'too-large') {
      report({
        plugin: pluginRef(facts),
        title,
        // handshake PATH reads a file of this machine, not a location of the controller's pod.
        evidence: [facts.standalone ? 'a file over --max-size is neither read nor hashed, so it is not launched either' : `location ${facts.entry.location} -> ${local.podPath} in the pod, ${formatBytes(local.size ?? 0)}`],
        fix: 'Check that the path is the plugin binary, or run again with a larger `--max-size`.',
      });
    }
  },
};
