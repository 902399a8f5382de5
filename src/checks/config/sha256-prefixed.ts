import { sha256Check } from './sha256-support.js';

export const sha256Prefixed = sha256Check('prefixed', {
  title: 'The sha256 has a `sha256:` prefix: it never matches',
  description:
    'The value must be the bare 64 hex digits; `sha256:…` (as in OCI digests) never matches and the controller exits at start-up.',
  fix: 'Remove the prefix.',
  example: 'sha256: sha256:a3f1c0e0…',
});
