/**
 * Table-driven tests of every cluster check, in the spirit of ESLint's RuleTester: `valid` facts
 * produce no finding, each `invalid` case produces exactly the findings listed (title, and the
 * evidence/fix fragments a user relies on).
 */
import { featuresAt, testChecks, type ExpectedFinding } from '../../support/check-tester.js';
import { describe, expect, test } from 'vitest';
import type { ClusterFacts } from '../../../src/cluster/facts.js';
import { checks } from '../../../src/checks/cluster/index.js';
import { runChecks } from '../../../src/core/check.js';
import { foldSymptoms } from '../../../src/pipeline/fold.js';
import { ALL_CHECKS } from '../../../src/checks/registry.js';
import { healthyFacts, pod, withLog } from './facts-builder.js';

interface Case {
  name: string;
  facts: ClusterFacts;
}
interface Invalid extends Case {
  findings: ExpectedFinding[];
}
interface Table {
  valid: Case[];
  invalid: Invalid[];
}

const healthy = healthyFacts();
const gw = 'argoproj-labs/gatewayAPI';
const noMounts = (f = healthyFacts()): ClusterFacts => ({ ...f, podSpec: { ...f.podSpec!, mounts: [] } });

const FATAL_CONFIG_LINE = 'time="t" level=fatal msg="Failed to init config: failed to unmarshal traffic router plugins while initializing: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []types.PluginItem"';

const STDOUT_LOOP =
  'time="2026-01-01T00:00:02Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): fork/exec /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI: exec format error"\n' +
  'time="2026-01-01T00:00:10Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI) for ping: exec: Stdout already set"';

const TABLE: Record<string, Table> = {
  'cluster-access-denied': {
    valid: [{ name: 'no refusal', facts: healthy }],
    invalid: [
      {
        name: 'every refusal is in one finding, with one Role that grants them all',
        facts: healthyFacts({
          permissionFailures: [
            { status: 403, verb: 'get', resource: 'pods/log', group: '', namespace: 'argo-rollouts', name: 'a', message: 'pods "a" is forbidden: …', skipped: 'current logs of a' },
            { status: 403, verb: 'get', resource: 'pods/log', group: '', namespace: 'argo-rollouts', name: 'b', message: 'pods "b" is forbidden: …', skipped: 'current logs of b' },
            { status: 403, verb: 'list', resource: 'events', group: '', namespace: 'argo-rollouts', message: 'events is forbidden: …', skipped: 'Warning events in argo-rollouts' },
          ],
        }),
        findings: [{
          title: 'Not allowed to read 2 kinds of object: part of the inspection was skipped',
          evidence: ['get pods/log in argo-rollouts: skipped current logs of a; current logs of b', 'list events in argo-rollouts: skipped Warning events in argo-rollouts'],
          // The messages name no user: the binding's subject is a placeholder the fix says to fill.
          fix: ['kubectl rollouts-plugins rbac -n argo-rollouts --user=USER | kubectl apply -f -', 'replace USER with the name `kubectl auth whoami` prints'],
        }],
      },
      {
        name: 'the Role is bound to the service account the API server refused, so applying it lets it read',
        facts: healthyFacts({
          permissionFailures: [
            { status: 403, verb: 'get', resource: 'pods/log', group: '', namespace: 'argo-rollouts', name: 'a', message: 'pods "a" is forbidden: User "system:serviceaccount:ci:doctor" cannot get resource "pods/log" in API group "" in the namespace "argo-rollouts"', skipped: 'current logs of a' },
            { status: 403, verb: 'list', resource: 'events', group: '', namespace: 'argo-rollouts', message: 'events is forbidden: User "system:serviceaccount:ci:doctor" cannot list resource "events" in API group "" in the namespace "argo-rollouts"', skipped: 'Warning events in argo-rollouts' },
          ],
        }),
        findings: [{ title: 'Not allowed to read 2 kinds of object: part of the inspection was skipped', fix: ['bound to service account ci/doctor', 'kubectl rollouts-plugins rbac -n argo-rollouts --serviceaccount=ci:doctor | kubectl apply -f -'] }],
      },
      {
        name: 'a user the API server named is the subject; the apply goes to the run\'s cluster',
        facts: healthyFacts({
          kubectlConnection: { args: ['--kubeconfig', '/tmp/my dir/kc', '--context', 'prod-a'], impersonation: [], tokenLeftOut: false },
          permissionFailures: [{ status: 403, verb: 'list', resource: 'events', group: '', namespace: 'argo-rollouts', message: 'events is forbidden: User "dev@example.com" cannot list resource "events" in API group "" in the namespace "argo-rollouts"', skipped: 's' }],
        }),
        findings: [{ title: 'Not allowed to read 1 kind of object: part of the inspection was skipped', fix: ["kubectl rollouts-plugins rbac -n argo-rollouts --user=dev@example.com | kubectl --kubeconfig '/tmp/my dir/kc' --context prod-a apply -f -"] }],
      },
      {
        name: 'a refusal of a path (no resource) names its user as one of a resource does: one subject for both',
        facts: healthyFacts({
          permissionFailures: [
            { status: 403, verb: 'list', resource: 'rollouts', group: 'argoproj.io', message: 'forbidden: User "dev@example.com" cannot get path "/apis/argoproj.io/v1alpha1"', skipped: 'Rollouts' },
            { status: 403, verb: 'list', resource: 'events', group: '', namespace: 'argo-rollouts', message: 'events is forbidden: User "dev@example.com" cannot list resource "events" in API group "" in the namespace "argo-rollouts"', skipped: 's' },
          ],
        }),
        findings: [{ title: 'Not allowed to read 2 kinds of object: part of the inspection was skipped', fix: ['bound to user dev@example.com', 'kubectl rollouts-plugins rbac -n argo-rollouts --user=dev@example.com | kubectl apply -f -'] }],
      },
      {
        // The API server quotes the name as Go's %q does: a quote in it comes escaped (before: bound to `ci \`).
        name: 'a user name holding a quote is read whole, unescaped, and the binding flag quoted for the shell',
        facts: healthyFacts({
          permissionFailures: [{ status: 403, verb: 'get', resource: 'version', group: '', message: 'forbidden: User "ci \\"deploy\\"" cannot get path "/version"', skipped: 's' }],
        }),
        findings: [{ title: 'Not allowed to read 1 kind of object: part of the inspection was skipped', fix: ['bound to user ci "deploy"', `kubectl rollouts-plugins rbac -n argo-rollouts '--user=ci "deploy"' | kubectl apply -f -`] }],
      },
      {
        name: 'a cluster-wide list names all namespaces',
        facts: healthyFacts({ permissionFailures: [{ status: 403, verb: 'list', resource: 'rollouts', group: 'argoproj.io', message: 'm', skipped: 's' }] }),
        findings: [{ title: 'Not allowed to read 1 kind of object: part of the inspection was skipped', evidence: ['list rollouts.argoproj.io in all namespaces: skipped s'] }],
      },
      {
        name: '401s collapse into one finding',
        facts: healthyFacts({ permissionFailures: [1, 2, 3].map((i) => ({ status: 401, verb: 'list', resource: `r${i}`, group: '', message: 'Unauthorized', skipped: 's' })) }),
        findings: [{ title: /rejected the credentials \(401 Unauthorized\)/, variant: 'credentials-rejected', fix: ['kubectl auth whoami'] }],
      },
      {
        name: 'a 401 from a plain http server: no credentials were sent, as kubectl sends none',
        facts: healthyFacts({ server: 'http://127.0.0.1:8080', plainHttp: true, permissionFailures: [{ status: 401, verb: 'list', resource: 'pods', group: '', message: 'Unauthorized', skipped: 's' }] }),
        findings: [{ title: 'The API server at http://127.0.0.1:8080 asked for credentials (401 Unauthorized): none are sent over plain http, as with kubectl, so nothing could be read', variant: 'credentials-not-sent-over-http', fix: ["the API server's https:// address"] }],
      },
      {
        name: 'a 403 to system:anonymous from a plain http server: no credentials were sent, and the fix is https, not a Role for the anonymous user',
        facts: healthyFacts({
          server: 'http://127.0.0.1:8080',
          plainHttp: true,
          permissionFailures: [{ status: 403, verb: 'list', resource: 'events', group: '', namespace: 'argo-rollouts', message: 'events is forbidden: User "system:anonymous" cannot list resource "events" in API group "" in the namespace "argo-rollouts"', skipped: 's' }],
        }),
        findings: [
          {
            title: 'The API server at http://127.0.0.1:8080 refused 1 kind of object to a request without credentials (403 Forbidden): none are sent over plain http, as with kubectl, so it went as system:anonymous',
            variant: 'anonymous-over-http',
            evidence: ['list events in argo-rollouts: skipped s'],
            fix: ["the API server's https:// address"],
            notInFix: ['rbac'],
          },
        ],
      },
      {
        name: 'a 403 over plain http to the user a proxy in front authenticated (kubectl proxy): a Role for that user is the fix',
        facts: healthyFacts({
          server: 'http://127.0.0.1:8001',
          plainHttp: true,
          permissionFailures: [{ status: 403, verb: 'list', resource: 'events', group: '', namespace: 'argo-rollouts', message: 'events is forbidden: User "dev@example.com" cannot list resource "events" in API group "" in the namespace "argo-rollouts"', skipped: 's' }],
        }),
        findings: [{ title: 'Not allowed to read 1 kind of object: part of the inspection was skipped', fix: ['--user=dev@example.com'] }],
      },
    ],
  },
  'api-unavailable': {
    valid: [{ name: 'no API problem', facts: healthy }],
    invalid: [
      {
        name: 'a timeout says to raise --request-timeout',
        facts: healthyFacts({ apiProblems: [{ what: 'list pods in argo-rollouts', verb: 'list', resource: 'pods', group: '', namespace: 'argo-rollouts', path: '/api/v1/namespaces/argo-rollouts/pods', kind: 'timeout', message: 'no answer within 1 s', attempts: 1, skipped: 'controller pods' }] }),
        findings: [{ title: '1 API request failed (timeout): skipped controller pods', evidence: ['could not list pods in argo-rollouts: /api/v1/namespaces/argo-rollouts/pods: no answer within 1 s (after 1 attempt)'], fix: ['--request-timeout=60s', 'the API server was reached and did not answer in time', "kubectl get --raw '/readyz?verbose' --request-timeout=30s"] }],
      },
      {
        name: "the run's --timeout ran out: the reads it stopped are not attempted, not failed, and the fix names --timeout",
        facts: healthyFacts({
          apiProblems: [
            { what: 'get pods/log p in argo-rollouts', verb: 'get', resource: 'pods/log', group: '', namespace: 'argo-rollouts', name: 'p', path: '/api/v1/namespaces/argo-rollouts/pods/p/log', kind: 'cancelled', cancelledBy: '--timeout', reached: true, message: "no answer before the run's --timeout ran out", attempts: 1, skipped: 'current logs of p' },
            { what: 'list events in shop', verb: 'list', resource: 'events', group: '', namespace: 'shop', path: '/api/v1/namespaces/shop/events', kind: 'cancelled', cancelledBy: '--timeout', message: "the run's --timeout ran out", attempts: 0, skipped: 'Warning events in shop' },
          ],
        }),
        findings: [
          {
            title: '1 API request failed (cancelled), 1 not attempted: skipped current logs of p; Warning events in shop',
            evidence: [
              "could not get pods/log p in argo-rollouts: /api/v1/namespaces/argo-rollouts/pods/p/log: no answer before the run's --timeout ran out (after 1 attempt)",
              "did not list events in shop: /api/v1/namespaces/shop/events: not attempted, the run's --timeout ran out",
            ],
            fix: ["Run again with a longer `--timeout`, or a shorter `--request-timeout` so that one slow request leaves time for the others: the run's deadline ran out while reading the cluster, waiting for current logs of p."],
          },
        ],
      },
      {
        name: 'a request that never got a connection says so, and the fix is for the network to the server, not a longer --request-timeout',
        facts: healthyFacts({ apiProblems: [{ what: 'list pods in argo-rollouts', verb: 'list', resource: 'pods', group: '', namespace: 'argo-rollouts', path: '/api/v1/namespaces/argo-rollouts/pods', kind: 'timeout', reached: false, message: 'no TCP connection within 10 s', attempts: 1, skipped: 'controller pods' }] }),
        findings: [
          {
            title: '1 API request failed (no connection): skipped controller pods',
            fix: ['Check the network, VPN or proxy between this machine and the API server, which could not be reached in time (no connection was made), then run again.'],
          },
        ],
      },
      {
        name: "a fleet cluster's own --cluster-timeout ran out: the fix names --cluster-timeout, not the run's --timeout",
        facts: healthyFacts({
          apiProblems: [{ what: 'list events in shop', verb: 'list', resource: 'events', group: '', namespace: 'shop', path: '/api/v1/namespaces/shop/events', kind: 'cancelled', cancelledBy: '--cluster-timeout', message: "the cluster's --cluster-timeout ran out", attempts: 0, skipped: 'Warning events in shop' }],
        }),
        findings: [
          {
            title: '1 API request not attempted: skipped Warning events in shop',
            fix: ["Run again with a longer `--cluster-timeout`, or a shorter `--request-timeout` so that one slow request leaves time for the others: the cluster's deadline ran out while reading the cluster."],
          },
        ],
      },
      {
        name: 'Ctrl-C: the fix does not ask for a longer deadline',
        facts: healthyFacts({ apiProblems: [{ what: 'list events in shop', verb: 'list', resource: 'events', group: '', namespace: 'shop', path: '/api/v1/namespaces/shop/events', kind: 'cancelled', cancelledBy: 'interrupted', message: 'interrupted (SIGINT)', attempts: 0, skipped: 'Warning events in shop' }] }),
        findings: [{ title: '1 API request not attempted: skipped Warning events in shop', fix: ['Run again without interrupting it.'] }],
      },
    ],
  },
  'cluster-data-unreadable': {
    valid: [{ name: 'everything read', facts: healthy }],
    invalid: [
      {
        name: 'lists each thing',
        facts: healthyFacts({ unreadable: ['the Deployment has no containers in its spec', 'HTTPS_PROXY of the controller container comes from a ConfigMap or Secret (valueFrom): the probe downloads without it'] }),
        findings: [{ title: '2 thing(s) read from the cluster could not be used', evidence: ['the Deployment has no containers in its spec'] }],
      },
      {
        name: 'lists read in part are one finding, each list with how many of how many, and a command that shows what the API server lists',
        facts: healthyFacts({
          partialLists: [
            { what: 'list pods in argo-rollouts', verb: 'list', resource: 'pods', group: '', namespace: 'argo-rollouts', path: '/api/v1/namespaces/argo-rollouts/pods', request: '/api/v1/namespaces/argo-rollouts/pods?labelSelector=app.kubernetes.io/name=argo-rollouts', listed: 3, leftOut: 1, skipped: 'controller pods, their state and logs' },
            { what: 'list rollouts in all namespaces', verb: 'list', resource: 'rollouts', group: 'argoproj.io', path: '/apis/argoproj.io/v1alpha1/rollouts', request: '/apis/argoproj.io/v1alpha1/rollouts', listed: 4, leftOut: 2, skipped: 'which rollouts use which plugin' },
            // One list read twice (discovery by label, then by image): one line; a one-item list is "1 item".
            { what: 'list rollouts in all namespaces', verb: 'list', resource: 'rollouts', group: 'argoproj.io', path: '/apis/argoproj.io/v1alpha1/rollouts', request: '/apis/argoproj.io/v1alpha1/rollouts', listed: 4, leftOut: 2, skipped: 'which rollouts use which plugin' },
            { what: 'list nodes in the cluster', verb: 'list', resource: 'nodes', group: '', path: '/api/v1/nodes', request: '/api/v1/nodes', listed: 1, leftOut: 1, skipped: 'the OS/arch of the nodes' },
          ],
        }),
        findings: [{
          variant: 'items-left-out',
          title: 'list pods in argo-rollouts; list rollouts in all namespaces; list nodes in the cluster: read in part, 4 items that are no object with a name left out',
          evidence: [
            'list pods in argo-rollouts: /api/v1/namespaces/argo-rollouts/pods?labelSelector=app.kubernetes.io/name=argo-rollouts: 1 of the 3 items listed left out, the other 2 read and judged',
            'list rollouts in all namespaces: /apis/argoproj.io/v1alpha1/rollouts: 2 of the 4 items listed left out, the other 2 read and judged',
            'list nodes in the cluster: /api/v1/nodes: 1 of the 1 item listed left out',
          ],
          fix: ["kubectl get --raw '/api/v1/namespaces/argo-rollouts/pods?labelSelector=app.kubernetes.io/name=argo-rollouts'\nkubectl get --raw /apis/argoproj.io/v1alpha1/rollouts\nkubectl get --raw /api/v1/nodes"],
        }],
      },
    ],
  },
  'controller-not-found': {
    valid: [
      { name: 'found', facts: healthy },
      { name: 'pods not visible because listing them was refused', facts: healthyFacts({ pods: [], deployment: undefined, permissionFailures: [{ status: 403, verb: 'list', resource: 'pods', group: '', namespace: 'argo-rollouts', message: 'm', skipped: 's' }] }) },
      {
        name: 'no namespace found: the search for it cut short by --timeout is no proof of absence',
        facts: healthyFacts({ namespace: undefined, namespaceFrom: 'none', installations: [], pods: [], deployment: undefined, apiProblems: [{ what: 'list pods in all namespaces', verb: 'list', resource: 'pods', group: '', path: '/api/v1/pods', kind: 'cancelled', message: "the run's --timeout ran out", attempts: 0, cancelledBy: '--timeout', skipped: 'finding the controller namespace in all namespaces', search: true }] }),
      },
      {
        name: 'no namespace found: listing across namespaces refused is no proof of absence',
        facts: healthyFacts({ namespace: undefined, namespaceFrom: 'none', installations: [], pods: [], deployment: undefined, permissionFailures: [{ status: 403, verb: 'list', resource: 'configmaps', group: '', message: 'm', skipped: 'finding the controller namespace in all namespaces', search: true }] }),
      },
      {
        name: '-n, and its Deployments not listed (timeout): never "not running"',
        facts: healthyFacts({ namespaceFrom: 'flag', pods: [], deployment: undefined, apiProblems: [{ what: 'list deployments in argo-rollouts', verb: 'list', resource: 'deployments', group: 'apps', namespace: 'argo-rollouts', path: '/apis/apps/v1/namespaces/argo-rollouts/deployments', kind: 'timeout', message: 'no answer', attempts: 1, reached: true, skipped: 'the controller image, replicas and pod template' }] }),
      },
    ],
    invalid: [
      { name: 'no namespace found', facts: healthyFacts({ namespace: undefined, namespaceFrom: 'none', installations: [], pods: [] }), findings: [{ title: 'No Argo Rollouts controller was found in this cluster', fix: ['-n <namespace>'] }] },
      {
        name: 'ConfigMap but no controller: an error',
        facts: healthyFacts({ namespaceFrom: 'flag', pods: [], deployment: undefined }),
        findings: [{ title: 'No controller pods or Deployment in namespace argo-rollouts', variant: 'not-running', evidence: ['argo-rollouts/argo-rollouts-config exists, so plugins are configured for a controller that is not running'] }],
      },
      {
        // No Deployment there, so nothing to scale (pasted, `scale deployment/argo-rollouts` is NotFound).
        name: '-n of a namespace with nothing in it: where to look, or install; never a Deployment to scale',
        facts: healthyFacts({ namespace: 'default', namespaceFrom: 'flag', installations: [], pods: [], deployment: undefined, configMap: { source: 'default/argo-rollouts-config', exists: false } }),
        findings: [{
          title: 'No controller pods or Deployment in namespace default',
          variant: 'empty-namespace',
          fix: ["kubectl get deployments -A -l 'app.kubernetes.io/name=argo-rollouts,app.kubernetes.io/component!=rollouts-dashboard'", 'install Argo Rollouts'],
          notInFix: ['scale'],
        }],
      },
      {
        name: '-n, nothing of the controller listed, its ConfigMap not read (timeout): never "not found either"',
        facts: healthyFacts({
          namespaceFrom: 'flag',
          pods: [],
          deployment: undefined,
          configMap: { source: 'argo-rollouts/argo-rollouts-config', exists: false },
          apiProblems: [{ what: 'get configmaps argo-rollouts-config in argo-rollouts', verb: 'get', resource: 'configmaps', group: '', namespace: 'argo-rollouts', name: 'argo-rollouts-config', path: '/api/v1/namespaces/argo-rollouts/configmaps/argo-rollouts-config', kind: 'timeout', message: 'no answer', attempts: 1, reached: true, skipped: 'the live plugin configuration' }],
        }),
        findings: [{ title: 'No controller pods or Deployment in namespace argo-rollouts', variant: 'empty-namespace', evidence: ['argo-rollouts/argo-rollouts-config could not be read either (see Not checked)'] }],
      },
      {
        name: 'an installation found elsewhere is where to look',
        facts: healthyFacts({
          namespace: 'default',
          namespaceFrom: 'discovered',
          installations: [{ namespace: 'default', configMap: false, pods: [] }, { namespace: 'rollouts', deployment: 'argo-rollouts', configMap: true, pods: ['p'] }],
          pods: [],
          deployment: undefined,
          configMap: { source: 'default/argo-rollouts-config', exists: false },
          kubectlConnection: { args: ['--context', 'prod-a'], impersonation: [], tokenLeftOut: false },
        }),
        findings: [{ title: 'No controller pods or Deployment in namespace default', variant: 'empty-namespace', fix: ['Check the controller where it runs: kubectl rollouts-plugins doctor -n rollouts --context prod-a'], notInFix: ['scale'] }],
      },
      {
        name: "doctor -n where it runs judges the same -f file at the same --controller-version",
        facts: healthyFacts({
          namespace: 'default',
          namespaceFrom: 'flag',
          installations: [{ namespace: 'rollouts', deployment: 'argo-rollouts', configMap: true, pods: ['p'] }],
          pods: [],
          deployment: undefined,
          configMap: { source: 'default/argo-rollouts-config', exists: false },
          configurationInput: { args: ['-f', 'cm.yaml'], controllerVersion: 'v1.7.2' },
        }),
        findings: [{ title: 'No controller pods or Deployment in namespace default', variant: 'empty-namespace', fix: ['Check the controller where it runs: kubectl rollouts-plugins doctor -n rollouts -f cm.yaml --controller-version v1.7.2'] }],
      },
    ],
  },
  'controller-found-by-fallback': {
    valid: [{ name: 'found by app.kubernetes.io/name=argo-rollouts', facts: healthy }],
    invalid: [
      {
        name: 'nameOverride: found by the chart component label',
        facts: healthyFacts({ controllerFallback: { by: 'component-label', selector: 'app.kubernetes.io/component=rollouts-controller', deployments: [{ name: 'shop-rollouts', image: 'quay.io/argoproj/argo-rollouts:v1.8.3' }] } }),
        findings: [{ title: "Controller Deployment argo-rollouts/shop-rollouts found by the chart's component label app.kubernetes.io/component=rollouts-controller" }],
      },
      {
        name: 'nameOverride, pods only (no Deployment listed): found by the chart component label',
        facts: healthyFacts({ deployment: undefined, controllerFallback: { by: 'component-label', selector: 'app.kubernetes.io/component=rollouts-controller', deployments: [] } }),
        findings: [{ title: "Controller pods in argo-rollouts found by the chart's component label app.kubernetes.io/component=rollouts-controller" }],
      },
      {
        name: 'nameOverride and a custom component: found by its image',
        facts: healthyFacts({ controllerFallback: { by: 'image', selector: 'app.kubernetes.io/name=rollouts,app.kubernetes.io/instance=shop', deployments: [{ name: 'shop-rollouts', image: 'quay.io/argoproj/argo-rollouts:v1.8.3' }] } }),
        findings: [
          {
            title: 'Controller Deployment argo-rollouts/shop-rollouts found by its image quay.io/argoproj/argo-rollouts:v1.8.3',
            evidence: ['nor app.kubernetes.io/component=rollouts-controller (a custom controller.component)', 'its pods listed by its selector app.kubernetes.io/name=rollouts,app.kubernetes.io/instance=shop'],
          },
        ],
      },
      {
        name: 'two Deployments run the controller image: one inspected, the other said',
        facts: healthyFacts({ controllerFallback: { by: 'image', deployments: [{ name: 'a-rollouts', image: 'quay.io/argoproj/argo-rollouts:v1.8.3' }, { name: 'b-rollouts', image: 'quay.io/argoproj/argo-rollouts:v1.9.1' }] } }),
        findings: [
          {
            variant: 'several-candidates',
            title: '2 Deployments in argo-rollouts run the controller image; a-rollouts was inspected, b-rollouts not',
            evidence: ['its selector has no matchLabels: its pods were not read', 'Deployment argo-rollouts/b-rollouts also runs quay.io/argoproj/argo-rollouts:v1.9.1'],
            fix: ['kubectl -n argo-rollouts get deployment a-rollouts b-rollouts -o wide'],
          },
        ],
      },
    ],
  },
  'several-installations': {
    valid: [
      { name: 'one install', facts: healthy },
      { name: 'a leftover ConfigMap elsewhere is not an install', facts: healthyFacts({ installations: [...healthy.installations, { namespace: 'old', configMap: true, pods: [] }] }) },
    ],
    invalid: [
      {
        name: 'two namespaced installs',
        facts: healthyFacts({ installations: [...healthy.installations, { namespace: 'team-b', deployment: 'argo-rollouts', configMap: false, pods: ['x'], instanceId: 'b' }] }),
        findings: [{ title: '2 controller installations found; this report covers argo-rollouts', evidence: ['team-b: Deployment argo-rollouts, 1 pod(s), no argo-rollouts-config, --instance-id b'], fix: ['kubectl rollouts-plugins doctor -n team-b'] }],
      },
      {
        // Without them the pasted doctor would judge the live ConfigMap, at the live release.
        name: "the other install's doctor judges the same -f file at the same --controller-version",
        facts: healthyFacts({
          installations: [...healthy.installations, { namespace: 'team-b', deployment: 'argo-rollouts', configMap: false, pods: ['x'] }],
          configurationInput: { args: ['-f', 'new config.yaml'], controllerVersion: 'v1.7.2' },
        }),
        findings: [{ title: '2 controller installations found; this report covers argo-rollouts', fix: ["kubectl rollouts-plugins doctor -n team-b -f 'new config.yaml' --controller-version v1.7.2"] }],
      },
    ],
  },
  'controller-crashloop': {
    valid: [
      { name: 'running', facts: healthy },
      { name: 'restarted once long ago and ready again', facts: healthyFacts({ pods: [pod('a', { controller: { ...pod('a').controller!, restarts: 1, lastTerminated: { exitCode: 137, reason: 'OOMKilled' } } })] }) },
    ],
    invalid: [
      {
        name: 'CrashLoopBackOff with the fatal line of the previous container',
        facts: withLog('time="t" level=fatal msg="Failed to init config: plugin repository (bad) must be in the format of <namespace>/<name>"', {
          previous: true,
          facts: { pods: [pod('argo-rollouts-a', { ready: false, controller: { name: 'argo-rollouts', ready: false, restarts: 4, state: 'waiting', reason: 'CrashLoopBackOff', lastTerminated: { exitCode: 1, reason: 'Error', finishedAt: 'f' } } })] },
        }),
        findings: [{ title: 'Controller pod argo-rollouts-a is in CrashLoopBackOff after 4 restarts: Failed to init config', evidence: ['last terminated: exit code 1, reason Error, finished f'] }],
      },
      {
        name: 'its fatal line is about an earlier configuration: the fix is the restart, not what the line says to fix',
        facts: withLog('time="2026-11-26T08:31:05Z" level=fatal msg="Failed to download plugins: sha256 hash of downloaded plugin (https://example.com/old-gw) does not match expected hash"', {
          previous: true,
          facts: {
            configMap: { ...healthy.configMap, lastChanged: '2026-11-26T08:40:00Z' },
            pods: [pod('argo-rollouts-a', { ready: false, controller: { name: 'argo-rollouts', ready: false, restarts: 7, state: 'waiting', reason: 'CrashLoopBackOff', lastTerminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-26T08:31:05Z' } } })],
          },
        }),
        findings: [{
          title: 'Controller pod argo-rollouts-a is in CrashLoopBackOff after 7 restarts: Failed to download plugins',
          evidence: ['the fatal line is about an earlier configuration: argo-rollouts/argo-rollouts-config changed at 2026-11-26T08:40:00Z (metadata.managedFields), after this line (2026-11-26T08:31:05Z)'],
          fix: ['It exited on a configuration that has changed since', 'kubectl -n argo-rollouts rollout restart deployment/argo-rollouts'],
          notInFix: ['Fix what the fatal line says'],
        }],
      },
      {
        name: 'no fatal line read: the previous log, with the run\'s connection (its token left out, and said so)',
        facts: healthyFacts({
          kubectlConnection: { args: ['--kubeconfig', '/tmp/my dir/kc', '--context', 'prod-a'], impersonation: [], tokenLeftOut: true },
          pods: [pod('argo-rollouts-a', { ready: false, controller: { name: 'argo-rollouts', ready: false, restarts: 4, state: 'waiting', reason: 'CrashLoopBackOff', lastTerminated: { exitCode: 1 } } })],
        }),
        findings: [{
          title: 'Controller pod argo-rollouts-a is in CrashLoopBackOff after 4 restarts',
          fix: ["Read why it exits in the previous container's log: kubectl --kubeconfig '/tmp/my dir/kc' --context prod-a -n argo-rollouts logs argo-rollouts-a -c argo-rollouts --previous  # with the --token this run used: it is not printed"],
        }],
      },
      {
        name: 'no fatal line read and the logs refused: the fix says reading them needs get pods/log',
        facts: healthyFacts({
          pods: [pod('argo-rollouts-a', { ready: false, controller: { name: 'argo-rollouts', ready: false, restarts: 4, state: 'waiting', reason: 'CrashLoopBackOff', lastTerminated: { exitCode: 1 } } })],
          permissionFailures: [{ status: 403, verb: 'get', resource: 'pods/log', group: '', namespace: 'argo-rollouts', name: 'argo-rollouts-a', message: 'm', skipped: 's' }],
        }),
        findings: [
          { title: 'Controller pod argo-rollouts-a is in CrashLoopBackOff after 4 restarts', fix: ['reading it needs get pods/log in argo-rollouts, which was refused to this run', 'once granted: kubectl -n argo-rollouts logs argo-rollouts-a -c argo-rollouts --previous'] },
        ],
      },
    ],
  },
  'controller-pod-waiting': {
    valid: [{ name: 'creating', facts: healthyFacts({ pods: [pod('a', { controller: { ...pod('a').controller!, state: 'waiting', reason: 'ContainerCreating' } })] }) }],
    invalid: [
      {
        name: 'image pull',
        facts: healthyFacts({ pods: [pod('a', { controller: { ...pod('a').controller!, state: 'waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } })] }),
        findings: [{ title: 'Controller pod a is waiting: ImagePullBackOff', evidence: ['ImagePullBackOff: Back-off pulling image "x"'], fix: ['describe pod a'] }],
      },
    ],
  },
  'controller-replicas-without-leader-election': {
    valid: [
      { name: 'HA with leader election', facts: healthy },
      { name: 'one replica without it', facts: healthyFacts({ deployment: { name: 'argo-rollouts', replicas: 1, leaderElect: false } }) },
    ],
    invalid: [
      {
        name: 'two replicas without it',
        facts: healthyFacts({ deployment: { name: 'argo-rollouts', replicas: 2, leaderElect: false }, podSpec: { ...healthy.podSpec!, args: ['--leader-elect=false'] } }),
        findings: [{ title: 'Deployment argo-rollouts/argo-rollouts runs 2 replicas without leader election', evidence: ['args: --leader-elect=false'] }],
      },
    ],
  },
  'controller-fatal-download': {
    valid: [{ name: 'downloads fine', facts: withLog('time="t" level=info msg="Argo Rollouts starting" version=v1.8.3\ntime="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw"\ntime="t" level=info msg="Download complete, it took 1s"') }],
    invalid: [
      {
        name: 'DNS failure points at egress and proxy',
        facts: withLog('time="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw"\ntime="t" level=fatal msg="Failed to download plugins: failed to download plugin from https://example.com/gw: Get \\"https://example.com/gw\\": dial tcp: lookup example.com on 172.30.0.10:53: no such host"', { facts: { proxyEnv: { HTTPS_PROXY: 'http://p:3128' } } }),
        findings: [{ plugin: gw, title: /^The controller exited while fetching plugin argoproj-labs\/gatewayAPI: failed to download plugin from/, fix: ['Allow egress', '(now: HTTPS_PROXY=http://p:3128)'] }],
      },
      {
        name: 'proxy credentials in the controller env are masked',
        facts: withLog('time="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw"\ntime="t" level=fatal msg="Failed to download plugins: failed to download plugin from https://example.com/gw: Get \\"https://example.com/gw\\": proxyconnect tcp: dial tcp 10.0.0.9:3128: i/o timeout"', {
          facts: { proxyEnv: { HTTPS_PROXY: 'http://build:s3cr3t-pw@p:3128', http_proxy: 'ops:hunter2@p:3128', NO_PROXY: '.svc' } },
        }),
        findings: [{ plugin: gw, title: /proxyconnect/, fix: ['(now: HTTPS_PROXY=http://build:xxxxx@p:3128/ http_proxy=http://ops:xxxxx@p:3128/ NO_PROXY=.svc)'], notInFix: ['s3cr3t-pw', 'hunter2'] }],
      },
      {
        name: 'response code Not Found: the URL answers 404',
        facts: withLog('time="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw"\ntime="t" level=fatal msg="Failed to download plugins: failed to download plugin from https://example.com/gw: failed to download file from https://example.com/gw: response code Not Found"'),
        findings: [{ plugin: gw, title: /response code Not Found$/, fix: ['The URL https://example.com/gw answers 404'] }],
      },
      {
        name: '404 inside the URL is not the status: response code Forbidden',
        facts: withLog(
          'time="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/v0.404/gw"\ntime="t" level=fatal msg="Failed to download plugins: failed to download plugin from https://example.com/v0.404/gw: failed to download file from https://example.com/v0.404/gw: response code Forbidden"',
          { facts: { plugins: [{ ...healthy.plugins[0]!, location: 'https://example.com/v0.404/gw' }] } },
        ),
        findings: [{ plugin: gw, title: /response code Forbidden$/, notInFix: ['answers 404'] }],
      },
      {
        name: 'sha256 mismatch (JSON log)',
        facts: withLog('{"level":"info","msg":"Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw","time":"t"}\n{"level":"fatal","msg":"Failed to download plugins: sha256 hash of downloaded plugin (https://example.com/gw) does not match expected hash","time":"t"}'),
        // The command names the plugin's location, ready to paste: no `<location>` for a shell to read as a redirect.
        findings: [{ plugin: gw, title: /does not match expected hash$/, fix: ['64-character lowercase', '(kubectl rollouts-plugins checksum "https://example.com/gw")'], notInFix: ['<location>'] }],
      },
      {
        name: 'sha256 mismatch of an entry with headersFrom: the digest comes from doctor\'s download, which sends the headers (checksum sends none)',
        facts: withLog(
          '{"level":"info","msg":"Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw","time":"t"}\n{"level":"fatal","msg":"Failed to download plugins: sha256 hash of downloaded plugin (https://example.com/gw) does not match expected hash","time":"t"}',
          { facts: { plugins: [{ ...healthy.plugins[0]!, location: 'https://example.com/gw', headersFrom: ['github-token'] }] } },
        ),
        findings: [{ plugin: gw, title: /does not match expected hash$/, fix: ['(take the sha256 to pin from a download made with the headersFrom headers the controller sends (Secret github-token)'], notInFix: ['rollouts-plugins checksum'] }],
      },
      {
        // The ConfigMap was edited (08:40) after the crash (08:31): the entry now has another location, and its sha256 matches there.
        name: 'a line older than the ConfigMap, fetching a location the entry no longer has: the earlier configuration, no fix to set the sha256',
        facts: withLog(
          'time="2026-11-26T08:31:04Z" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/old-gw"\ntime="2026-11-26T08:31:05Z" level=fatal msg="Failed to download plugins: sha256 hash of downloaded plugin (https://example.com/old-gw) does not match expected hash"',
          { previous: true, facts: { configMap: { ...healthy.configMap, lastChanged: '2026-11-26T08:40:00Z' } } },
        ),
        findings: [{
          plugin: gw,
          variant: 'earlier-config',
          title: 'The controller exited on an earlier configuration of argoproj-labs/gatewayAPI: sha256 hash of downloaded plugin (https://example.com/old-gw) does not match expected hash',
          evidence: ['argo-rollouts/argo-rollouts-config changed at 2026-11-26T08:40:00Z (metadata.managedFields), after this line (2026-11-26T08:31:05Z)'],
          fix: ['Nothing to correct for this line', 'its next start reads the current one, which this report judges (On restart)', 'kubectl -n argo-rollouts rollout restart deployment/argo-rollouts'],
          notInFix: ['sha256', 'checksum'],
        }],
      },
      {
        name: 'no time to compare: a location the entry no longer has is enough',
        facts: withLog('time="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/old-gw"\ntime="t" level=fatal msg="Failed to download plugins: failed to download plugin from https://example.com/old-gw: failed to download file from https://example.com/old-gw: response code Not Found"'),
        findings: [{ plugin: gw, variant: 'earlier-config', evidence: ["the controller was fetching https://example.com/old-gw; argoproj-labs/gatewayAPI's location is now https://example.com/gw"], notInFix: ['answers 404'] }],
      },
      {
        name: 'file copy failure names the plugin from the destination path',
        facts: withLog('time="t" level=fatal msg="Failed to download plugins: failed to copy plugin from /plugins/gw to /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI: failed to get file stat of /plugins/gw: stat /plugins/gw: no such file or directory"'),
        findings: [{ plugin: gw, title: /fetching plugin argoproj-labs\/gatewayAPI/, fix: ['mount the volume that holds it'] }],
      },
    ],
  },
  'controller-fatal-config': {
    valid: [{ name: 'no config error', facts: healthy }],
    invalid: [
      {
        name: 'unmarshal error of a map value',
        facts: withLog('time="t" level=fatal msg="Failed to init config: failed to unmarshal traffic router plugins while initializing: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []types.PluginItem"'),
        findings: [{ title: /rejected argo-rollouts\/argo-rollouts-config: failed to unmarshal traffic router plugins/, fix: ['kubectl -n argo-rollouts get configmap argo-rollouts-config -o yaml | kubectl rollouts-plugins lint -f -'] }],
      },
      {
        // lint alone would judge it at the latest release, not the one that rejected it.
        name: "the printed lint judges at the controller's release",
        facts: withLog(FATAL_CONFIG_LINE, { facts: { controller: { ...healthy.controller, version: 'v1.7.2' } } }),
        findings: [{ title: /rejected argo-rollouts\/argo-rollouts-config/, fix: ['-o yaml | kubectl rollouts-plugins lint -f - --controller-version v1.7.2`'] }],
      },
      {
        name: "the printed lint judges at the run's --controller-version, as doctor did",
        facts: withLog(FATAL_CONFIG_LINE, { facts: { controller: { ...healthy.controller, version: 'v1.7.2' }, configurationInput: { args: [], controllerVersion: 'v1.6.0' } } }),
        findings: [{ title: /rejected argo-rollouts\/argo-rollouts-config/, fix: ['-o yaml | kubectl rollouts-plugins lint -f - --controller-version v1.6.0`'] }],
      },
      {
        name: 'a run that judged a -f file at --controller-version: the live ConfigMap is linted at the release that rejected it',
        facts: withLog(FATAL_CONFIG_LINE, { facts: { controller: { ...healthy.controller, version: 'v1.7.2' }, configurationInput: { args: ['-f', 'new.yaml'], controllerVersion: 'v1.6.0' } } }),
        findings: [{ title: /rejected argo-rollouts\/argo-rollouts-config/, fix: ['-o yaml | kubectl rollouts-plugins lint -f - --controller-version v1.7.2`'] }],
      },
    ],
  },
  'log-stdout-already-set': {
    valid: [{ name: 'no such line', facts: healthy }],
    invalid: [
      {
        name: 'the earliest real cause is found, even in another pod\'s log',
        facts: (() => {
          const a = withLog('time="2026-01-01T00:00:10Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI) for ping: exec: Stdout already set"');
          const b = withLog('time="2026-01-01T00:00:02Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): fork/exec /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI: exec format error"\ntime="2026-01-01T00:00:05Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): later error"', { pod: 'argo-rollouts-b' });
          return { ...a, logMatches: [...a.logMatches, ...b.logMatches] };
        })(),
        findings: [
          {
            plugin: gw,
            title: 'Plugin argoproj-labs/gatewayAPI failed to start (fork/exec /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI: exec format error); every later use only says "Stdout already set"',
            evidence: ['real cause, first logged: argo-rollouts-b: time="2026-01-01T00:00:02Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): fork/exec /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI: exec format error"'],
            fix: ['wrong OS/arch'],
          },
        ],
      },
      {
        name: 'cause rotated out: says so and how to catch it',
        facts: withLog('time="t" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI) for ping: exec: Stdout already set"'),
        findings: [{ title: 'Plugin argoproj-labs/gatewayAPI failed to start earlier; its first error is not in the logs read', fix: ['rollout restart deployment/argo-rollouts'] }],
      },
      {
        name: 'a traffic router on v1.9.1: upgrading to v1.10.0 ends the loop',
        facts: withLog(STDOUT_LOOP, { facts: { controller: { ...healthy.controller, version: 'v1.9.1' } } }),
        findings: [{ plugin: gw, fix: ['Upgrading to v1.10.0 or later ends this loop for traffic routers', 'rollout restart deployment/argo-rollouts'], notInFix: ['.kubectl'] }],
      },
      {
        name: 'a traffic router on v1.10.0: the release retries starts, so the line is from another release',
        facts: withLog(STDOUT_LOOP, { facts: { controller: { ...healthy.controller, version: 'v1.10.0' } } }),
        findings: [{ plugin: gw, evidence: ["controller v1.10.0 retries a traffic router's failed start (v1.10.0-rc1 and later), so it does not log this loop: check the image of the pod that logged it"], notInFix: ['Upgrading'] }],
      },
      {
        name: 'a metric plugin on v1.10.0 still loops: no upgrade is offered',
        facts: withLog(STDOUT_LOOP.replaceAll('argoproj-labs/gatewayAPI', 'argoproj-labs/sample-prometheus'), {
          facts: { controller: { ...healthy.controller, version: 'v1.10.0' }, plugins: [{ type: 'metricprovider', key: 'metricProviderPlugins', index: 0, name: 'argoproj-labs/sample-prometheus', location: 'https://example.com/m' }] },
        }),
        findings: [{ plugin: 'argoproj-labs/sample-prometheus', notInFix: ['Upgrading'] }],
      },
    ],
  },
  'log-plugin-start-failed': {
    valid: [
      { name: 'nothing', facts: healthy },
      {
        name: 'a cause already reported with its Stdout already set lines',
        facts: withLog('time="t" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): boom"\ntime="t" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI) for ping: exec: Stdout already set"'),
      },
    ],
    invalid: [
      {
        name: 'plugin exited: a binary of another kind',
        facts: withLog('time="t" level=error msg="failed to get metric provider plugin argoproj-labs/gatewayAPI: unable to start plugin system: plugin exited before we could connect"'),
        findings: [{ plugin: gw, title: /^Plugin argoproj-labs\/gatewayAPI could not be started: failed to get metric provider plugin/ }],
      },
    ],
  },
  'log-plugin-not-configured': {
    valid: [{ name: 'nothing', facts: healthy }],
    invalid: [
      {
        name: 'case differs',
        facts: withLog('time="t" level=error msg="unable to find plugin (argoproj-labs/gatewayapi): plugin argoproj-labs/gatewayapi not configured in configmap"'),
        findings: [{ title: 'Plugin argoproj-labs/gatewayapi is used but not configured in the running controller', evidence: ['configured now in argo-rollouts/argo-rollouts-config: argoproj-labs/gatewayAPI (trafficRouterPlugins)'] }],
      },
    ],
  },
  'log-init-plugin-failed': {
    valid: [{ name: 'nothing', facts: healthy }],
    invalid: [
      {
        name: 'InitPlugin error',
        facts: withLog('time="t" level=error msg="unable to initialize plugin via rpc (argoproj-labs/gatewayAPI): no gatewayAPI config found"'),
        findings: [{ plugin: gw, title: 'Plugin argoproj-labs/gatewayAPI failed to initialize: no gatewayAPI config found' }],
      },
      {
        // "forbidden" said by no RBAC refusal (forbidden.ts reads none): no RBAC fix guessed from the word.
        name: 'InitPlugin error that is no RBAC refusal',
        facts: withLog('time="t" level=error msg="unable to initialize plugin via rpc (argoproj-labs/gatewayAPI): hostnames forbidden by the gateway policy"'),
        findings: [{ plugin: gw, fix: [/^Fix the plugin's configuration/] }],
      },
      {
        // The line gives this finding alone (log-plugin-rbac-forbidden is not reported for it): its fix is the whole grant.
        name: 'InitPlugin refused a path by RBAC: the ClusterRole and binding, no other finding pointed at',
        facts: withLog('time="t" level=error msg="unable to initialize plugin via rpc (argoproj-labs/gatewayAPI): forbidden: User \\"system:serviceaccount:argo-rollouts:argo-rollouts\\" cannot get path \\"/version\\""'),
        findings: [
          {
            plugin: gw,
            fix: [
              'InitPlugin runs as service account argo-rollouts/argo-rollouts, which may not get path /version. Grant it, e.g.:',
              'kind: ClusterRole\nmetadata:\n  name: argo-rollouts-plugin-path-version\nrules:\n  - nonResourceURLs: ["/version"]\n    verbs: [get]',
              'kubectl create clusterrolebinding argo-rollouts-plugin-path-version --clusterrole=argo-rollouts-plugin-path-version --serviceaccount=argo-rollouts:argo-rollouts',
            ],
            notInFix: ['log-plugin-rbac-forbidden', 'plugin-rbac-missing'],
          },
        ],
      },
      {
        name: 'InitPlugin refused by a user that is no service account: what to grant, in the words of the message',
        facts: withLog('time="t" level=error msg="unable to initialize plugin via rpc (argoproj-labs/gatewayAPI): forbidden: User \\"system:anonymous\\" cannot get path \\"/version\\""'),
        findings: [{ plugin: gw, fix: [/^Grant system:anonymous what the message names/], notInFix: ['log-plugin-rbac-forbidden', 'plugin-rbac-missing'] }],
      },
    ],
  },
  'log-plugin-rbac-forbidden': {
    valid: [{ name: 'nothing', facts: healthy }],
    invalid: [
      {
        name: 'namespaced update refused: Role and binding',
        facts: withLog('time="t" level=error msg="httproutes.gateway.networking.k8s.io \\"checkout\\" is forbidden: User \\"system:serviceaccount:argo-rollouts:argo-rollouts\\" cannot update resource \\"httproutes\\" in API group \\"gateway.networking.k8s.io\\" in the namespace \\"shop\\""'),
        findings: [
          {
            title: 'Service account argo-rollouts/argo-rollouts may not update httproutes.gateway.networking.k8s.io in shop',
            fix: ['kind: Role', 'namespace: shop', 'kubectl -n shop create rolebinding argo-rollouts-plugin-httproutes --role=argo-rollouts-plugin-httproutes --serviceaccount=argo-rollouts:argo-rollouts'],
          },
        ],
      },
      {
        name: 'a path refused: a ClusterRole with nonResourceURLs',
        facts: withLog('time="t" level=error msg="failed to discover the API: forbidden: User \\"system:serviceaccount:argo-rollouts:argo-rollouts\\" cannot get path \\"/version\\""'),
        findings: [
          {
            title: 'Service account argo-rollouts/argo-rollouts may not get path /version',
            fix: [
              'kind: ClusterRole\nmetadata:\n  name: argo-rollouts-plugin-path-version\nrules:\n  - nonResourceURLs: ["/version"]\n    verbs: [get]',
              'kubectl create clusterrolebinding argo-rollouts-plugin-path-version --clusterrole=argo-rollouts-plugin-path-version --serviceaccount=argo-rollouts:argo-rollouts',
            ],
          },
        ],
      },
    ],
  },
  'log-plugin-folder-create-failed': {
    valid: [{ name: 'nothing', facts: healthy }],
    invalid: [
      {
        name: 'read-only',
        facts: withLog('time="t" level=fatal msg="Failed to download plugins: failed to create plugin folder for plugin (argoproj-labs/gatewayAPI): (mkdir /home/argo-rollouts/plugin-bin: read-only file system)"'),
        findings: [{ plugin: gw, title: 'Could not create the plugin folder for argoproj-labs/gatewayAPI: read-only file system' }],
      },
    ],
  },
  'readonly-root-no-plugin-bin-mount': {
    valid: [
      { name: 'official mounts', facts: healthy },
      { name: 'writable root', facts: (() => { const f = noMounts(); return { ...f, podSpec: { ...f.podSpec!, readOnlyRootFilesystem: false } }; })() },
      { name: 'no plugins configured', facts: { ...noMounts(), plugins: [], configMap: { ...healthy.configMap, data: {} } } },
      { name: 'a parent directory mounted writable', facts: { ...healthy, podSpec: { ...healthy.podSpec!, mounts: [{ name: 'home', mountPath: '/home/argo-rollouts', readOnly: false, volumeKind: 'emptyDir' }, healthy.podSpec!.mounts[1]!] } } },
    ],
    invalid: [
      {
        name: 'no mounts',
        facts: noMounts(),
        findings: [{ title: 'The controller cannot write plugins: /home/argo-rollouts/plugin-bin is on a read-only root filesystem', fix: ['mountPath: /home/argo-rollouts/plugin-bin'] }],
      },
      {
        name: 'mounted read-only',
        facts: { ...healthy, podSpec: { ...healthy.podSpec!, mounts: [{ ...healthy.podSpec!.mounts[0]!, readOnly: true }, healthy.podSpec!.mounts[1]!] } },
        findings: [{ title: /plugin-bin is on a read-only root filesystem/, evidence: [/\/home\/argo-rollouts\/plugin-bin \(readOnly\)/.source] }],
      },
    ],
  },
  'no-writable-tmp': {
    valid: [
      { name: 'official mounts', facts: healthy },
      { name: 'TMPDIR on a volume', facts: { ...healthy, podSpec: { ...healthy.podSpec!, tempDir: '/home/argo-rollouts/plugin-bin/tmp', mounts: [healthy.podSpec!.mounts[0]!] } } },
    ],
    invalid: [{ name: 'no /tmp', facts: { ...healthy, podSpec: { ...healthy.podSpec!, mounts: [healthy.podSpec!.mounts[0]!] } }, findings: [{ title: 'Plugins cannot start: the temp directory /tmp is on a read-only root filesystem', fix: ['mountPath: /tmp'] }] }],
  },
  'file-location-not-mounted': {
    valid: [
      { name: 'https only', facts: healthy },
      {
        name: 'file:/// on a volume an init container fills',
        facts: {
          ...healthy,
          plugins: [{ ...healthy.plugins[0]!, location: 'file:///plugins/gw' }],
          podSpec: { ...healthy.podSpec!, mounts: [...healthy.podSpec!.mounts, { name: 'plugins', mountPath: '/plugins', readOnly: true, volumeKind: 'emptyDir' }], initContainers: [{ name: 'copy', command: [], mounts: [{ name: 'plugins', mountPath: '/plugins', readOnly: false, volumeKind: 'emptyDir' }] }] },
        },
      },
      {
        name: 'baked into a custom image, proven by the "Copied plugin" line',
        facts: withLog('time="t" level=info msg="Argo Rollouts starting"\ntime="t" level=info msg="Copied plugin from /opt/gw to /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI"', { facts: { plugins: [{ ...healthy.plugins[0]!, location: 'file:///opt/gw' }] } }),
      },
    ],
    invalid: [
      {
        name: 'two slashes: relative to the working directory',
        facts: { ...healthy, plugins: [{ ...healthy.plugins[0]!, location: 'file://./plugins/gw' }] },
        findings: [{ plugin: gw, title: 'argoproj-labs/gatewayAPI: /home/argo-rollouts/plugins/gw is not on any volume of the controller container', fix: ['location: file:///plugins/gw'] }],
      },
      {
        name: 'an emptyDir nothing fills',
        facts: { ...healthy, plugins: [{ ...healthy.plugins[0]!, location: 'file:///plugins/gw' }], podSpec: { ...healthy.podSpec!, mounts: [...healthy.podSpec!.mounts, { name: 'plugins', mountPath: '/plugins', readOnly: false, volumeKind: 'emptyDir' }] } },
        findings: [{ title: 'Nothing fills the volume holding /plugins/gw: emptyDir plugins starts empty and no init container mounts it', fix: ['initContainers:'] }],
      },
    ],
  },
  'init-container-not-completed': {
    valid: [
      {
        name: 'completed',
        facts: {
          ...healthy,
          plugins: [{ ...healthy.plugins[0]!, location: 'file:///plugins/gw' }],
          podSpec: { ...healthy.podSpec!, mounts: [{ name: 'plugins', mountPath: '/plugins', readOnly: false, volumeKind: 'emptyDir' }], initContainers: [{ name: 'copy', command: [], mounts: [{ name: 'plugins', mountPath: '/plugins', readOnly: false, volumeKind: 'emptyDir' }] }] },
          pods: [pod('a', { initContainers: [{ name: 'copy', ready: false, restarts: 0, state: 'terminated', exitCode: 0, reason: 'Completed' }] })],
        },
      },
    ],
    invalid: [
      {
        name: 'exited 1',
        facts: {
          ...healthy,
          plugins: [{ ...healthy.plugins[0]!, location: 'file:///plugins/gw' }],
          podSpec: { ...healthy.podSpec!, mounts: [{ name: 'plugins', mountPath: '/plugins', readOnly: false, volumeKind: 'emptyDir' }], initContainers: [{ name: 'copy', command: [], mounts: [{ name: 'plugins', mountPath: '/plugins', readOnly: false, volumeKind: 'emptyDir' }] }] },
          pods: [pod('a', { initContainers: [{ name: 'copy', ready: false, restarts: 0, state: 'terminated', exitCode: 1, reason: 'Error', message: 'cp: cannot stat' }] })],
        },
        findings: [{ title: 'Init container copy of a has not completed, so /plugins/gw may be missing', evidence: ['copy: terminated (Error), exit code 1: cp: cannot stat, restarts 0'] }],
      },
    ],
  },
  'config-drift-restart-pending': {
    valid: [{ name: 'changed before start', facts: healthy }],
    invalid: [
      {
        name: 'changed after start',
        facts: healthyFacts({ configMap: { ...healthy.configMap, lastChanged: '2026-11-25T00:00:00Z', lastChangedFrom: 'creationTimestamp' } }),
        findings: [{ title: 'argo-rollouts/argo-rollouts-config changed at 2026-11-25T00:00:00Z, after 2 running controller container(s) started', evidence: ['last change 2026-11-25T00:00:00Z (from creationTimestamp)'] }],
      },
    ],
  },
  'running-plugins-differ-from-config': {
    valid: [
      { name: 'same set', facts: withLog('time="t" level=info msg="Argo Rollouts starting"\ntime="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw"') },
      { name: 'start-up not in the tail: nothing to compare', facts: withLog('time="t" level=info msg="Starting Controllers"') },
    ],
    invalid: [
      {
        name: 'removed from the ConfigMap',
        facts: withLog('time="t" level=info msg="Argo Rollouts starting"\ntime="t" level=info msg="Downloading plugin argoproj-labs/gatewayAPI from: https://example.com/gw"\ntime="t" level=info msg="Downloading plugin acme/old from: https://example.com/old"'),
        findings: [{ title: 'Controller pod argo-rollouts-a runs with a different plugin set than argo-rollouts/argo-rollouts-config now', evidence: ['acme/old: loaded by argo-rollouts-a from https://example.com/old, no longer in the ConfigMap'] }],
      },
    ],
  },
  'headers-secret-missing': {
    valid: [
      { name: 'exists', facts: healthyFacts({ headerSecrets: [{ name: 's', exists: true, headerNames: ['Authorization'], plugins: [gw] }] }) },
      { name: 'unknown (not allowed to read)', facts: healthyFacts({ headerSecrets: [{ name: 's', exists: 'unknown', headerNames: [], plugins: [gw] }] }) },
      {
        name: 'missing, but the configuration is judged at v1.7, which ignores headersFrom',
        facts: healthyFacts({ features: featuresAt('v1.7.2'), headerSecrets: [{ name: 's', exists: false, headerNames: [], plugins: [gw] }] }),
      },
    ],
    invalid: [
      { name: 'missing', facts: healthyFacts({ headerSecrets: [{ name: 's', exists: false, headerNames: [], plugins: [gw] }] }), findings: [{ plugin: gw, title: 'Secret argo-rollouts/s used by headersFrom does not exist: the next controller start will fail' }] },
      {
        name: 'missing, judged at v1.8.0',
        facts: healthyFacts({ features: featuresAt('v1.8.0'), headerSecrets: [{ name: 's', exists: false, headerNames: [], plugins: [gw] }] }),
        findings: [{ plugin: gw, title: 'Secret argo-rollouts/s used by headersFrom does not exist: the next controller start will fail' }],
      },
      {
        name: 'missing, controller version unreadable (digest-only image): the newest release',
        facts: healthyFacts({ features: featuresAt('sha256:0123abcd'), headerSecrets: [{ name: 's', exists: false, headerNames: [], plugins: [gw] }] }),
        findings: [{ plugin: gw, title: 'Secret argo-rollouts/s used by headersFrom does not exist: the next controller start will fail' }],
      },
    ],
  },
  'plugin-rbac-missing': {
    valid: [
      { name: 'allowed', facts: healthyFacts({ pluginPermissions: [{ plugin: gw, serviceAccount: 'system:serviceaccount:argo-rollouts:argo-rollouts', verb: 'update', group: 'gateway.networking.k8s.io', resource: 'httproutes', allowed: true }] }) },
      { name: 'unknown', facts: healthyFacts({ pluginPermissions: [{ plugin: gw, serviceAccount: 'sa', verb: 'update', group: 'g', resource: 'r', allowed: 'unknown' }] }) },
    ],
    invalid: [
      {
        name: 'denied at cluster scope',
        facts: healthyFacts({ pluginPermissions: [{ plugin: gw, serviceAccount: 'system:serviceaccount:argo-rollouts:argo-rollouts', verb: 'update', group: 'gateway.networking.k8s.io', resource: 'httproutes', allowed: false }] }),
        findings: [{ plugin: gw, title: /may not update httproutes.gateway.networking.k8s.io, which argoproj-labs\/gatewayAPI needs$/, evidence: ['SubjectAccessReview: update httproutes.gateway.networking.k8s.io (cluster scope) → denied'] }],
      },
    ],
  },
  'plugin-warning-events': {
    valid: [{ name: 'none', facts: healthy }],
    invalid: [
      {
        name: 'grouped by reason',
        facts: healthyFacts({ warningEvents: [1, 2].map((i) => ({ object: `Rollout shop/r${i}`, reason: 'TrafficRoutingError', message: `failed to get traffic router plugin ${gw}: unable to start plugin system`, count: i })) }),
        findings: [{ plugin: gw, title: /^2 Warning event\(s\) TrafficRoutingError/, fix: ['kubectl describe rollout -n shop r1'] }],
      },
    ],
  },
};

test('a cluster searched whole with no controller: controller-not-found is its own finding, never folded into an unrelated refusal', () => {
  const refusedRollouts = { status: 403, verb: 'list', resource: 'rollouts', group: 'argoproj.io', message: 'm', skipped: 'which rollouts use which plugin' };
  const facts = healthyFacts({ namespace: undefined, namespaceFrom: 'none', installations: [], pods: [], deployment: undefined, permissionFailures: [refusedRollouts] });
  expect(foldSymptoms(runChecks(checks, facts)).map((f) => f.id)).toEqual(['cluster-access-denied', 'controller-not-found']);
});

describe('every cluster check is in the registry', () => {
  test('each check', () => {
    for (const check of checks) expect(ALL_CHECKS).toContainEqual(check.meta);
  });
});

testChecks('cluster', checks, TABLE, (c) => runChecks(checks, c.facts));
