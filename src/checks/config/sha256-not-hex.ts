import { sha256Check } from './sha256-support.js';

export const sha256NotHex = sha256Check('not-hex', {
  title: 'The sha256 is 64 characters but not hex: it never matches',
  description:
    'A SHA-256 has only the digits 0-9 and a-f; a stray character (a space, a letter beyond f) means it never matches and the controller exits at start-up.',
  fix: 'Copy the value again from `sha256sum`, or get it with `kubectl rollouts-plugins checksum URL` (for an entry with headersFrom, which v1.8+ sends as headers and checksum cannot, from `doctor`, which downloads with them).',
  example: 'sha256: a3f1…g',
});
