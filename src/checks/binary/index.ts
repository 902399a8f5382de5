/** The binary step's checks: can the controller execute the file it would download? */
import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { binaryDynamicallyLinked } from './binary-dynamically-linked.js';
import { binaryEmpty } from './binary-empty.js';
import { binaryIsArchive } from './binary-is-archive.js';
import { binaryIsHtml } from './binary-is-html.js';
import { binaryIsJson } from './binary-is-json.js';
import { binaryIsScript } from './binary-is-script.js';
import { binaryIsText } from './binary-is-text.js';
import { binaryPlatformUnknown } from './binary-platform-unknown.js';
import { binaryUnknownFormat } from './binary-unknown-format.js';
import { binaryWrongArch } from './binary-wrong-arch.js';
import { binaryWrongOs } from './binary-wrong-os.js';

/** Run once per plugin over the same ProbeFacts as the probe step. */
export const checks: readonly Check<ProbeFacts>[] = [
  binaryEmpty,
  binaryIsHtml,
  binaryIsJson,
  binaryIsText,
  binaryIsArchive,
  binaryIsScript,
  binaryUnknownFormat,
  binaryWrongOs,
  binaryWrongArch,
  binaryDynamicallyLinked,
  binaryPlatformUnknown,
];
