/** The cluster step: connect like kubectl, inspect the live controller, read-only. */
export { connectCluster, type ApiFailure, type ApiRequest, type ApiResult, type ClusterClient, type ConnectOptions } from './client.js';
export { ClusterConnectionError } from './errors.js';
export type * from './facts.js';
export { inspectCluster, type InspectOptions } from './inspect.js';
export { CONTROLLER_SELECTOR } from './podspec.js';
export { CONFIGMAP_NAME } from '../config/sources.js';
export type { ConnectionFlags } from './connection-flags.js';
export { resolveKubeconfig, type ResolvedKubeconfig } from './kubeconfig.js';
export { LOG_SIGNATURES, parseLogLine, scanLog, type LoadedPlugin, type LogLine, type LogMatch, type LogSignatureId } from './logs.js';
export { knownPluginNeeds, type PluginNeed } from '../config/known-plugins.js';
export { rbacManifests, TOOL_PERMISSIONS, type RbacOptions, type ToolPermission } from './rbac.js';
export type { HeaderSecretValues } from './secrets.js';
