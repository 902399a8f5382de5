/** The probe step's checks: what downloading each plugin like the controller shows. */
import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { downloadCacheUnwritable } from './download-cache-unwritable.js';
import { downloadCancelled } from './download-cancelled.js';
import { downloadConnectionRefused } from './download-connection-refused.js';
import { downloadConnectionReset } from './download-connection-reset.js';
import { downloadDnsFailure } from './download-dns-failure.js';
import { downloadHeadersDroppedOnRedirect } from './download-headers-dropped-on-redirect.js';
import { downloadHttpStatus } from './download-http-status.js';
import { downloadInvalidHeader } from './download-invalid-header.js';
import { downloadNetworkError } from './download-network-error.js';
import { downloadProxyError } from './download-proxy-error.js';
import { downloadRedirectBadScheme } from './download-redirect-bad-scheme.js';
import { downloadRedirectHosts } from './download-redirect-hosts.js';
import { downloadRedirectLoop } from './download-redirect-loop.js';
import { downloadRedirectWithoutLocation } from './download-redirect-without-location.js';
import { downloadTimeout } from './download-timeout.js';
import { downloadTlsError } from './download-tls-error.js';
import { downloadTooLarge } from './download-too-large.js';
import { downloadTooManyRedirects } from './download-too-many-redirects.js';
import { downloadTruncated } from './download-truncated.js';
import { pluginFileMissing } from './plugin-file-missing.js';
import { pluginFileNotRegular } from './plugin-file-not-regular.js';
import { pluginFileUnreadable } from './plugin-file-unreadable.js';
import { sha256Mismatch } from './sha256-mismatch.js';
import { sha256Unpinned } from './sha256-unpinned.js';

/** Run once per plugin: `results.flatMap((facts) => runChecks(checks, facts))`. */
export const checks: readonly Check<ProbeFacts>[] = [
  downloadDnsFailure,
  downloadConnectionRefused,
  downloadConnectionReset,
  downloadTlsError,
  downloadProxyError,
  downloadTimeout,
  downloadHttpStatus,
  downloadInvalidHeader,
  downloadRedirectLoop,
  downloadTooManyRedirects,
  downloadRedirectBadScheme,
  downloadRedirectWithoutLocation,
  downloadTruncated,
  downloadTooLarge,
  downloadNetworkError,
  downloadCancelled,
  downloadHeadersDroppedOnRedirect,
  downloadRedirectHosts,
  downloadCacheUnwritable,
  sha256Mismatch,
  sha256Unpinned,
  pluginFileMissing,
  pluginFileNotRegular,
  pluginFileUnreadable,
];
