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
    fix: "Recreate the Secret without the trailing newline: `kubectl create secret generic NAME --from-literal=Authorization='Bearer …' --dry-run=client -o yaml | kubectl apply -f -` (or encode with `printf %s TOKEN | base64`).",
    example: "data:\n  Authorization: QmVhcmVyIHRva2VuCg==  # from `echo 'Bearer token' | base64`: ends with a newline",
  },
  'invalid-header',
  (facts, d) => {
    const header = d.error?.header ?? 'Authorization';
    const secrets = facts.entry.headersFrom ?? [];
    const secret = secrets.length === 1 ? secrets[0]! : 'NAME';
    return {
      title: `${d.error?.message ?? `header ${JSON.stringify(header)} is invalid`}; Go refuses to send it`,
      evidence: downloadEvidence(facts, `header ${JSON.stringify(header)} is a key of headersFrom Secret ${secrets.join(', ') || '(none)'}; its value is never shown`),
      fix: `Recreate the Secret without the trailing newline (or other control character), e.g. \`kubectl create secret generic ${secret} --from-literal=${header}='Bearer …' --dry-run=client -o yaml | kubectl apply -f -\` in the controller's namespace, or encode the value with \`printf %s TOKEN | base64\` instead of \`echo\`.`,
    };
  },
);
