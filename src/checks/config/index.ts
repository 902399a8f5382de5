/** The config step: the plugin configuration as the controller reads it at start-up. */
import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { argsNotStringList } from './args-not-string-list.js';
import { configUnmarshalError } from './config-unmarshal-error.js';
import { configmapMissing } from './configmap-missing.js';
import { disabledNotBoolean } from './disabled-not-boolean.js';
import { disabledNotStep } from './disabled-not-step.js';
import { disabledStepStillDownloaded } from './disabled-step-still-downloaded.js';
import { featureNeedsNewerController } from './feature-needs-newer-controller.js';
import { fieldUnknown } from './field-unknown.js';
import { headersFromMalformed } from './headers-from-malformed.js';
import {
  configmapDataNotMapping,
  configmapSeveral,
  configmapWrongName,
  dataValueNotString,
  helmPluginsNotRendered,
  helmValuesMapShape,
  helmValuesNotList,
  inputYamlSyntax,
} from './input-problems.js';
import { keyUnknown } from './key-unknown.js';
import { locationAssetNotInRelease } from './location-asset-not-in-release.js';
import { locationAssetOtherPlatform } from './location-asset-other-platform.js';
import { locationBadScheme } from './location-bad-scheme.js';
import { locationCredentialsInUrl } from './location-credentials-in-url.js';
import { locationFileHostSegment } from './location-file-host-segment.js';
import { locationFileIsDestination } from './location-file-is-destination.js';
import { locationFileIsDirectory } from './location-file-is-directory.js';
import { locationHttpNoHost } from './location-http-no-host.js';
import { locationPlaceholder } from './location-placeholder.js';
import { locationPlainHttp } from './location-plain-http.js';
import { locationUnparseable } from './location-unparseable.js';
import { nameDuplicate } from './name-duplicate.js';
import { nameInTwoLists } from './name-in-two-lists.js';
import { nameInvalidFormat } from './name-invalid-format.js';
import { noPluginsConfigured } from './no-plugins-configured.js';
import { scalarCoercedToString } from './scalar-coerced-to-string.js';
import { sha256Missing } from './sha256-missing.js';
import { sha256NotHex } from './sha256-not-hex.js';
import { sha256OnFileLocation } from './sha256-on-file-location.js';
import { sha256Prefixed } from './sha256-prefixed.js';
import { sha256Uppercase } from './sha256-uppercase.js';
import { sha256WrongLength } from './sha256-wrong-length.js';
import { valueNotAList } from './value-not-a-list.js';

export const checks: readonly Check<ConfigFacts>[] = [
  inputYamlSyntax,
  dataValueNotString,
  configmapDataNotMapping,
  helmValuesMapShape,
  helmValuesNotList,
  helmPluginsNotRendered,
  configmapSeveral,
  configmapWrongName,
  configmapMissing,
  noPluginsConfigured,
  keyUnknown,
  valueNotAList,
  configUnmarshalError,
  argsNotStringList,
  disabledNotBoolean,
  headersFromMalformed,
  fieldUnknown,
  scalarCoercedToString,
  nameInvalidFormat,
  nameDuplicate,
  nameInTwoLists,
  locationUnparseable,
  locationBadScheme,
  locationHttpNoHost,
  locationFileHostSegment,
  locationFileIsDirectory,
  locationFileIsDestination,
  locationPlainHttp,
  locationCredentialsInUrl,
  locationPlaceholder,
  locationAssetNotInRelease,
  locationAssetOtherPlatform,
  sha256Missing,
  sha256WrongLength,
  sha256Uppercase,
  sha256Prefixed,
  sha256NotHex,
  sha256OnFileLocation,
  disabledNotStep,
  disabledStepStillDownloaded,
  featureNeedsNewerController,
];
