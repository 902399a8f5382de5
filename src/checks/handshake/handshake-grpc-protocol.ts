import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs } from './common.js';

export const handshakeGrpcProtocol: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-grpc-protocol',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin serves gRPC; Argo Rollouts speaks net/rpc only',
    description:
      'The handshake line announces the `grpc` protocol. Argo Rollouts allows only go-plugin\'s net/rpc protocol, so the controller refuses it: `unsupported plugin protocol "grpc". Supported: [netrpc]`.',
    fix: 'Use an Argo Rollouts plugin (they serve net/rpc); a gRPC go-plugin is made for another host.',
  },
  run(facts, report) {
    const line = facts.start?.line;
    if (line?.ok !== false || line.problem !== 'protocol') return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} serves ${line.protocol}, which Argo Rollouts does not speak`,
      evidence: [launchedAs(facts), `handshake line: ${JSON.stringify(facts.start?.firstLine)}`, controllerClientError(facts, line.error)],
      fix: 'Point the location at a plugin built with the Argo Rollouts plugin packages (net/rpc), not a gRPC plugin of another program.',
    });
  },
};
