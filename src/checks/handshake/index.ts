/** The handshake step's checks, each over one plugin's HandshakeFacts (see src/handshake/handshake.ts). */
import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { handshakeAborted } from './handshake-aborted.js';
import { handshakeBadArgs } from './handshake-bad-args.js';
import { handshakeBinaryUnreadable } from './handshake-binary-unreadable.js';
import { handshakeCannotRunOnHost } from './handshake-cannot-run-on-host.js';
import { handshakeConnectFailed } from './handshake-connect-failed.js';
import { handshakeDispenseFailed } from './handshake-dispense-failed.js';
import { handshakeGrpcProtocol } from './handshake-grpc-protocol.js';
import { handshakeInitFailed } from './handshake-init-failed.js';
import { handshakeLaunchFailed } from './handshake-launch-failed.js';
import { handshakePluginExited } from './handshake-plugin-exited.js';
import { handshakeProcessLeftGroup } from './handshake-process-left-group.js';
import { handshakeProcessSurvived } from './handshake-process-survived.js';
import { handshakeProtocolVersion } from './handshake-protocol-version.js';
import { handshakeRanUnverified } from './handshake-ran-unverified.js';
import { handshakeRpcFailed } from './handshake-rpc-failed.js';
import { handshakeSkippedUnverified } from './handshake-skipped-unverified.js';
import { handshakeStdoutNoise } from './handshake-stdout-noise.js';
import { handshakeTimeout } from './handshake-timeout.js';
import { handshakeUnknownNetwork } from './handshake-unknown-network.js';
import { handshakeUnrecognizedOutput } from './handshake-unrecognized-output.js';
import { handshakeWrongPluginType } from './handshake-wrong-plugin-type.js';

export const checks: readonly Check<HandshakeFacts>[] = [
  handshakeSkippedUnverified,
  handshakeRanUnverified,
  handshakeBinaryUnreadable,
  handshakeCannotRunOnHost,
  handshakeLaunchFailed,
  handshakeTimeout,
  handshakePluginExited,
  handshakeWrongPluginType,
  handshakeBadArgs,
  handshakeStdoutNoise,
  handshakeUnrecognizedOutput,
  handshakeProtocolVersion,
  handshakeGrpcProtocol,
  handshakeUnknownNetwork,
  handshakeConnectFailed,
  handshakeDispenseFailed,
  handshakeRpcFailed,
  handshakeInitFailed,
  handshakeAborted,
  handshakeProcessSurvived,
  handshakeProcessLeftGroup,
];
