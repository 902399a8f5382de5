import { ARCHIVE_FORMATS } from '../../probe/binary.js';
import { binaryCheck, binaryEvidence, rawAssetHint } from './support.js';

export const binaryIsArchive = binaryCheck(
  {
    id: 'binary-is-archive',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin file is an archive, not the binary',
    description:
      'The URL serves the release archive (.tar.gz, .zip…). The controller does not unpack anything: it executes the archive, which fails with `exec format error` when a rollout first uses the plugin.',
    fix: 'Point `location` at the raw binary asset, or unpack the archive in an init container into a shared volume and use a `file://` location.',
  },
  (binary) => ARCHIVE_FORMATS.has(binary.format),
  (facts, binary) => ({
    title: `${facts.entry.location} is a ${binary.format} archive; the controller would execute it as is`,
    evidence: binaryEvidence(facts, binary),
    fix: `Use ${rawAssetHint(facts)}, or unpack it in an init container (e.g. \`tar -xzf plugin.tar.gz -C /plugins\`) into an emptyDir mounted in the controller and set \`location: file:///plugins/<binary>\`.`,
  }),
);
