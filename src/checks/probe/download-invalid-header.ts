import { CONTROLLER_NAMESPACE_PLACEHOLDER, CURRENT_CONTEXT, kubectlPipeline } from '../../cluster/kubectl-command.js';
import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadInvalidHeader = downloadOutcomeCheck(
  {
    id: 'download-invalid-header',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'A headersFrom header cannot be sent: Go rejects its value',
    description:
      "Every key of a headersFrom Secret becomes a request header. Go's HTTP client refuses a header whose value holds a control character (or whose name is not a token) before it connects, with `net/http: invalid header field value for \"KEY\"`, and the controller exits at start-up. The usual cause is a value made with `echo TOKEN | base64`, which ends with a newline.",
    fix: "Recreate the Secret, in the controller's namespace, without the trailing newline: `kubectl -n NAMESPACE create secret generic NAME --from-literal=Authorization='Bearer …' --dry-run=client -o yaml | kubectl apply -f -` (or encode with `printf %s TOKEN | base64`). doctor prints it with the namespace and the cluster it read.",
    example: "data:\n  Authorization: QmVhcmVyIHRva2VuCg==  # from `echo 'Bearer token' | base64`: ends with a newline",
  },
  'invalid-header',
  (facts, d) => {
    const header = d.error?.header ?? 'Authorization';
    const secrets = facts.entry.headersFrom ?? [];
    const secret = secrets.length === 1 ? secrets[0]! : '<secret>';
    // The controller reads headersFrom Secrets in its own namespace; only doctor has read which one it is.
    const namespace = facts.reportedCluster?.namespace;
    const command = kubectlPipeline(
      facts.reportedCluster?.connection ?? CURRENT_CONTEXT,
      ['-n', namespace ?? CONTROLLER_NAMESPACE_PLACEHOLDER, 'create', 'secret', 'generic', secret, `--from-literal=${header}=Bearer …`, '--dry-run=client', '-o', 'yaml'],
      ['apply', '-f', '-'],
    );
    const fillIn = [
      ...(namespace === undefined ? [`${CONTROLLER_NAMESPACE_PLACEHOLDER} with the controller's namespace`] : []),
      ...(secrets.length === 1 ? [] : [`<secret> with the one of ${secrets.join(', ')} that holds ${header}`]),
    ];
    return {
      title: `${d.error?.message ?? `header ${JSON.stringify(header)} is invalid`}; Go refuses to send it`,
      evidence: downloadEvidence(facts, `header ${JSON.stringify(header)} is a key of headersFrom Secret ${secrets.join(', ') || '(none)'}; its value is never shown`),
      fix: `Recreate the Secret without the trailing newline (or other control character), e.g. \`${command}\`${fillIn.length ? ` (replace ${fillIn.join(', and ')})` : ''}, or encode the value with \`printf %s TOKEN | base64\` instead of \`echo\`.`,
    };
  },
);
