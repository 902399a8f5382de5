import { sha256Check } from './sha256-support.js';

export const sha256WrongLength = sha256Check('wrong-length', {
  title: 'The sha256 is not 64 characters: no plugin binary matches it, so the controller exits at start-up',
  description:
    'The controller compares a 64-character sha256 with the lowercase hex SHA-256 of the download. Any other length is compared with the file\'s own bytes in hex followed by the SHA-256 of nothing (its `hasher.Sum(fileBytes)` slip): a shorter value never matches, and a longer one matches only the one file its leading characters spell in hex: 72 characters ending in the SHA-256 of nothing (`e3b0c442…`) match exactly the 4-byte file whose hex is its first 8 characters, as in the controller\'s own unit test, and so never a real plugin binary. The 40-character values in the upstream docs examples are such values. The controller then refuses to start: `sha256 hash of downloaded plugin (LOCATION) does not match expected hash`, unless the download fails first: from v1.8.0 an answer outside 200–399 does, as GitHub\'s 404 for a location still holding a placeholder. A value YAML reads as a number (`sha256: 1e10`) ends up as a different, shorter string.',
  fix: 'Put the real 64-character SHA-256 of the binary (`kubectl rollouts-plugins checksum URL` prints it; for an entry with headersFrom, which v1.8+ sends as headers and checksum cannot, `doctor` downloads with them and prints it), quoted.',
  example: 'sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c',
});
