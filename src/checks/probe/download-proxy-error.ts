import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadProxyError = downloadOutcomeCheck(
  {
    id: 'download-proxy-error',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The download proxy cannot be reached or refuses the plugin host',
    description:
      "The download goes through a proxy (HTTPS_PROXY/HTTP_PROXY, the controller's own or `--proxy`) and the proxy is unreachable, or it refuses to open a tunnel to the plugin host (403 from an allow-list, 407 without credentials, 502 when it cannot reach the host itself). A controller whose download, with the same proxy settings, meets the same failure exits at start-up.",
    fix: 'Fix the proxy address, allow the plugin host (and its redirect targets) on the proxy, or add the host to NO_PROXY when it is reachable directly.',
  },
  'proxy-error',
  (facts, d) => {
    const hop = d.hops.at(-1);
    const target = hop ? new URL(hop.url).host : d.url;
    const status = d.error?.proxyStatus;
    return {
      title: status !== undefined ? `the proxy ${hop?.proxy ?? ''} answered ${status} to CONNECT ${target}` : `cannot reach the proxy ${hop?.proxy ?? ''}`,
      evidence: downloadEvidence(facts, `error: ${d.error?.message ?? ''}`),
      fix:
        status === 407
          ? 'The proxy wants credentials: put them in the proxy URL of the controller (`http://user:password@proxy:port`) or use a proxy that allows the controller.'
          : status !== undefined
            ? `Allow ${target} (and the other hosts of the redirect chain) on the proxy, or add it to NO_PROXY if the controller can reach it directly.`
            : hop?.proxyReason === '--proxy'
              ? 'Check --proxy: the proxy it names must run and be reachable from here.'
              : `Check the proxy address in ${hop?.proxyReason ?? 'the proxy settings'} of the controller container, and that the proxy runs and is reachable from the controller's namespace.`,
    };
  },
);
