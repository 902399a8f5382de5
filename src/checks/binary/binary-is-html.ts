import { binaryCheck, binaryEvidence, rawAssetHint, startFailureAfterwards } from './support.js';

export const binaryIsHtml = binaryCheck(
  {
    id: 'binary-is-html',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin file is an HTML page',
    description:
      'The URL serves a web page (a release page, a login or error page) instead of the binary. The controller saves it as the plugin; it fails to start when a rollout first uses it, and later attempts log only `exec: Stdout already set` (metric and step plugins at every release, traffic routers before v1.10.0-rc1).',
    fix: 'Use the download URL of the asset (`/releases/download/<tag>/<asset>`), not the release page; add `headersFrom` if a login page is served.',
  },
  (binary) => binary.format === 'html',
  (facts, binary) => ({
    title: `${facts.entry.location} serves an HTML page, not a binary`,
    evidence: binaryEvidence(facts, binary, ...(binary.excerpt ? [`content: ${binary.excerpt}`] : []), ...startFailureAfterwards(facts)),
    fix: `Point \`location\` at ${rawAssetHint(facts)}; a GitHub \`/releases/tag/…\` or \`/blob/…\` URL is a web page.`,
  }),
);
