/** The cluster step's checks, over ClusterFacts (src/cluster/facts.ts). */
import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { apiUnavailable } from './api-unavailable.js';
import { clusterAccessDenied } from './cluster-access-denied.js';
import { clusterDataUnreadable } from './cluster-data-unreadable.js';
import { configDriftRestartPending } from './config-drift-restart-pending.js';
import { controllerCrashloop } from './controller-crashloop.js';
import { controllerFatalConfig } from './controller-fatal-config.js';
import { controllerFatalDownload } from './controller-fatal-download.js';
import { controllerFoundByFallback } from './controller-found-by-fallback.js';
import { controllerNotFound } from './controller-not-found.js';
import { controllerPodWaiting } from './controller-pod-waiting.js';
import { controllerReplicasWithoutLeaderElection } from './controller-replicas-without-leader-election.js';
import { fileLocationNotMounted } from './file-location-not-mounted.js';
import { headersSecretMissing } from './headers-secret-missing.js';
import { initContainerNotCompleted } from './init-container-not-completed.js';
import { logInitPluginFailed } from './log-init-plugin-failed.js';
import { logPluginFolderCreateFailed } from './log-plugin-folder-create-failed.js';
import { logPluginNotConfigured } from './log-plugin-not-configured.js';
import { logPluginRbacForbidden } from './log-plugin-rbac-forbidden.js';
import { logPluginStartFailed } from './log-plugin-start-failed.js';
import { logStdoutAlreadySet } from './log-stdout-already-set.js';
import { noWritableTmp } from './no-writable-tmp.js';
import { pluginRbacMissing } from './plugin-rbac-missing.js';
import { pluginWarningEvents } from './plugin-warning-events.js';
import { readonlyRootNoPluginBinMount } from './readonly-root-no-plugin-bin-mount.js';
import { runningPluginsDifferFromConfig } from './running-plugins-differ-from-config.js';
import { severalInstallations } from './several-installations.js';

export const checks: readonly Check<ClusterFacts>[] = [
  clusterAccessDenied,
  apiUnavailable,
  clusterDataUnreadable,
  controllerNotFound,
  controllerFoundByFallback,
  severalInstallations,
  controllerCrashloop,
  controllerPodWaiting,
  controllerReplicasWithoutLeaderElection,
  controllerFatalDownload,
  controllerFatalConfig,
  logStdoutAlreadySet,
  logPluginStartFailed,
  logPluginNotConfigured,
  logInitPluginFailed,
  logPluginRbacForbidden,
  logPluginFolderCreateFailed,
  readonlyRootNoPluginBinMount,
  noWritableTmp,
  fileLocationNotMounted,
  initContainerNotCompleted,
  configDriftRestartPending,
  runningPluginsDifferFromConfig,
  headersSecretMissing,
  pluginRbacMissing,
  pluginWarningEvents,
];
