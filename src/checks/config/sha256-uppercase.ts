import { sha256Check } from './sha256-support.js';

export const sha256Uppercase = sha256Check('uppercase', {
  title: 'The sha256 is in uppercase hex: it never matches',
  description:
    "The controller compares the value as written with Go's lowercase hex digest, so an uppercase sha256 never matches and the controller exits at start-up.",
  fix: 'Write the sha256 in lowercase.',
  example: 'sha256: A3F1C0E0…',
});
