/** The usage step: which resources use which plugin, and whether the controller can find it. */
import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { pluginNameMismatch } from './plugin-name-mismatch.js';
import { pluginNotConfigured } from './plugin-not-configured.js';
import { pluginRegisteredNameMismatch } from './plugin-registered-name-mismatch.js';
import { pluginUnused } from './plugin-unused.js';
import { stepPluginDisabledInUse } from './step-plugin-disabled-in-use.js';

export const checks: readonly Check<UsageFacts>[] = [
  pluginNotConfigured,
  pluginNameMismatch,
  pluginRegisteredNameMismatch,
  stepPluginDisabledInUse,
  pluginUnused,
];
