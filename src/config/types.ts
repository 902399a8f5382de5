/** The plugin configuration as the controller sees it after parsing `argo-rollouts-config`. */
import type { FindingLocation, PluginType } from '../core/finding.js';
import type { ControllerFeatures } from './version.js';

/** The three ConfigMap data keys the controller reads, and the plugin type each holds. */
export const PLUGIN_KEYS = {
  trafficRouterPlugins: 'trafficrouter',
  metricProviderPlugins: 'metricprovider',
  stepPlugins: 'step',
} as const satisfies Record<string, PluginType>;

export type PluginKey = keyof typeof PLUGIN_KEYS;

export const PLUGIN_KEY_NAMES = Object.keys(PLUGIN_KEYS) as PluginKey[];

/** The plugin types, in the order of their keys. */
export const PLUGIN_TYPES: readonly PluginType[] = PLUGIN_KEY_NAMES.map((key) => PLUGIN_KEYS[key]);

/** Each type in words, as the controller's messages name it ("failed to unmarshal traffic router plugins"). */
export const PLUGIN_TYPE_WORDS: Record<PluginType, string> = { trafficrouter: 'traffic router', metricprovider: 'metric provider', step: 'step' };

/** The ConfigMap key that holds plugins of `type`. */
export function keyOfType(type: PluginType): PluginKey {
  return PLUGIN_KEY_NAMES.find((key) => PLUGIN_KEYS[key] === type)!;
}

/** The controller's name rule (utils/config/config.go). */
export const PLUGIN_NAME_PATTERN = /^([a-zA-Z0-9-]+)\/([a-zA-Z0-9_\-.]+)$/;

/** A ConfigMap name ending in the content hash kustomize's configMapGenerator appends (`argo-rollouts-config-7h2k9m5t4b`). */
export function hasKustomizeHashSuffix(name: string): boolean {
  return /-[a-z0-9]{8,10}$/.test(name);
}

/** The controller's working directory in the official image; relative paths resolve against it. */
export const CONTROLLER_WORKDIR = '/home/argo-rollouts';

/** Where the controller puts plugins (defaults.DefaultRolloutPluginFolder), relative to its working directory. */
export const PLUGIN_FOLDER = 'plugin-bin';

/** One entry of one of the three lists, with the fields the controller decodes. */
export interface PluginEntry {
  type: PluginType;
  key: PluginKey;
  /** Position in its list (0-based). */
  index: number;
  /** `<namespace>/<name>`, as written. */
  name: string;
  location: string;
  sha256?: string;
  args?: string[];
  /** Names of the Secrets whose data become request headers (values never held here). */
  headersFrom?: string[];
  disabled?: boolean;
  /**
   * Fields whose value has a type the controller's struct cannot take (`location: [a, b]`; every field
   * when the item is a string or a list): decoding the key fails, which config-unmarshal-error (or the
   * field's own check) reports. Here they hold Go's zero value, not what was written: not judged.
   */
  undecoded?: string[];
}

/** A YAML key of an entry that the controller's struct has no field for (it is dropped silently). */
export interface UnknownField {
  /** The key as written. */
  key: string;
  /** Where: `sha265`, `headersFrom[0].secret`... */
  path: string;
  /** The field it most likely meant, when it is a near miss. */
  suggestion?: string;
  line?: number;
}

/** A scalar the YAML wrote as a number or boolean that reached a string field converted. */
export interface CoercedValue {
  field: string;
  /** go-yaml's reading of it: int, float, bool. */
  from: 'int' | 'float' | 'bool';
  /** The text as written in the YAML. */
  written: string;
  /** The string the controller ends up with. */
  result: string;
}

/** Where the controller's downloader takes the plugin from, as it parses `location`. */
export interface LocationFacts {
  /** url.ParseRequestURI error, in Go's words (`parse "x": invalid URI for request`). */
  parseError?: string;
  /** Lower-cased by Go: `HTTPS://` is https. */
  scheme?: string;
  kind: 'http' | 'https' | 'file' | 'other-scheme' | 'unparseable';
  /** http(s): the URL requested (Go's URL.String()); file: the absolute path read. */
  target?: string;
  /** file:// whose first segment was parsed as a host: `file://plugins/x` has host `plugins`. */
  fileHost?: string;
  /** http(s) without a host (`https:example.com/x`): the request cannot be sent. */
  missingHost?: boolean;
  /** Credentials written into the URL (never printed; only that they are there). */
  hasUserinfo?: boolean;
  /** http(s): the placeholder still in the URL's path (`<version>`), which the server is asked for literally. */
  placeholderPath?: string;
  /** http(s): a GitHub release download (`https://github.com/OWNER/REPO/releases/download/TAG/ASSET`, or `latest/download/ASSET`). */
  githubRelease?: boolean;
}

/** How the controller will treat `sha256` for this entry. */
export type Sha256State =
  /** http(s), 64 lowercase hex: compared with the download. */
  | 'pinned'
  /** http(s) without sha256: any bytes are accepted. */
  | 'unpinned'
  /** Set, but no download can ever match it: start-up fails. */
  | 'cannot-match'
  /** file:// (or another scheme): the controller never checks it. */
  | 'unchecked';

export interface ParsedEntry extends PluginEntry {
  /** 1-based line of the entry inside its data value. */
  line?: number;
  unknownFields: UnknownField[];
  coerced: CoercedValue[];
  /** True when the YAML list item was not a mapping (null, a string...). */
  notAMapping?: string;
  nameValid: boolean;
  /** `plugin-bin/<ns>/<name>` under the workdir, when the name is valid. */
  destination?: string;
  location: string;
  locationFacts: LocationFacts;
  sha256State: Sha256State;
  /** headersFrom entries whose secretRef.name is empty (the Secret lookup fails). */
  headersFromEmptyNames: number;
}

/** One data key of the ConfigMap as the controller's yaml.Unmarshal handles it. */
export interface KeyFacts {
  key: PluginKey;
  present: boolean;
  /** The controller release does not read this key (stepPlugins before v1.8.0). */
  ignoredByController: boolean;
  /** What the value is at the top: a list is the only useful shape. */
  shape: 'absent' | 'empty' | 'list' | 'map' | 'scalar';
  /**
   * sigs.k8s.io/yaml's error for this controller release (none when it does not read the key),
   * exactly as the controller puts it into its fatal log line.
   */
  unmarshalError?: UnmarshalError;
  /** The newest release's error, when it differs: the configuration breaks on upgrade. */
  newestReleaseError?: UnmarshalError;
  /** Entries as written (decoded with the newest controller's struct, so nothing is hidden). */
  entries: ParsedEntry[];
}

export interface UnmarshalError {
    /** e.g. `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []types.PluginItem` */
    message: string;
    stage: 'yaml' | 'json';
    line?: number;
    column?: number;
    /** False for YAML syntax errors: our parser words them differently from go-yaml. */
    exactWording: boolean;
}

/** A data key that is not one of the three but looks like one (`metricPlugins`). */
export interface UnknownDataKey {
  key: string;
  suggestion?: PluginKey;
  /** Its value, when a string: the entries the controller would meet under the suggested key. */
  value?: string;
  /**
   * That value parsed as the controller would meet it once the key is renamed as suggested: set by
   * config/lint.ts, which judges it (absent when the suggested key is set too).
   */
  renamed?: ConfigFacts;
  /**
   * What must be fixed before that rename, in the order reported: set by config/lint.ts, which judges
   * `renamed` with every check. `plugin` absent: the value itself (it is no list of entries).
   */
  fixFirst?: FixBeforeRename[];
}

/** Something under a misspelt key that, once the key is renamed, would stop the controller or leave its start unconfirmed. */
export interface FixBeforeRename {
  plugin?: string;
  restart: 'fails' | 'undecided';
}

/** What the controller would do at start-up with this configuration, were it restarted now. */
export interface StartupVerdict {
  /**
   * `rejected`: the controller exits at start-up whatever the network and files are;
   * `accepted`: nothing in the configuration itself stops it (downloads can still fail).
   */
  outcome: 'accepted' | 'rejected';
  fatal?: {
    phase: 'init-config' | 'download-plugins';
    /** The log message: `Failed to init config: …` / `Failed to download plugins: …`. */
    message: string;
    key?: PluginKey;
    index?: number;
    name?: string;
    /**
     * When the line depends on what a server answers (v1.8.0+ fails a download answered with an error
     * status before comparing the sha256, and the placeholder URL's server is not GitHub): the line if it
     * answers one, its status text unknown; `message` is then the line if it serves a file.
     */
    onErrorStatus?: string;
  };
}

/** Something about the input itself (not the configuration): unreadable YAML, a bad helm shape... */
export interface InputProblem {
  kind:
    | 'yaml-syntax'
    | 'no-configmap'
    | 'configmap-wrong-name'
    | 'several-configmaps'
    | 'data-value-not-string'
    | 'helm-values-map-shape'
    | 'helm-values-not-list'
    | 'helm-plugins-not-rendered'
    | 'configmap-data-not-mapping';
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** 1-based document index in a multi-document stream, for a problem placed by its own line. */
  document?: number;
  /** For data/helm problems: the data key or helm value concerned. */
  key?: string;
  /** Helm map shape: the entries it holds, to show the corrected list. */
  detail?: string;
}

export interface ConfigFacts {
  /** Where the data came from, for evidence: `argo-rollouts/argo-rollouts-config`, `cm.yaml (document 2)`. */
  source: string;
  /** False: no `argo-rollouts-config` at all (the controller then runs with no plugins). */
  configMapFound: boolean;
  controllerVersion?: string;
  /** True when the version came from the user/cluster; false when the newest release is assumed. */
  versionKnown: boolean;
  /** What that controller release understands (the newest release's when the version is not known). */
  features: ControllerFeatures;
  /** True when the controller's pod spec is read too (doctor): install defects are judged from it, not guessed from the version. */
  podSpecRead?: boolean;
  keys: KeyFacts[];
  unknownDataKeys: UnknownDataKey[];
  /** Every entry of every list, in the controller's order (traffic, metric, step). */
  entries: ParsedEntry[];
  verdict: StartupVerdict;
  inputProblems: InputProblem[];
}

/** Where a Rollout / AnalysisTemplate names a plugin. */
export interface PluginReference {
  /** The plugin name as written in the resource. */
  name: string;
  type: PluginType;
  /** `Rollout demo/web`, `AnalysisTemplate demo/success-rate`... */
  resource: string;
  kind: 'Rollout' | 'AnalysisTemplate' | 'ClusterAnalysisTemplate' | 'AnalysisRun';
  /** The field path: `spec.strategy.canary.trafficRouting.plugins`, `spec.strategy.canary.steps[2].plugin`. */
  path: string;
  /** The plugin's configuration block, for checks that know a plugin's settings (never secrets). */
  settings?: unknown;
  /** Where the resource names the plugin in a -f input (none for a resource read from the cluster). */
  at?: FindingLocation;
}

export interface UsageFacts {
  config: ConfigFacts;
  references: PluginReference[];
  /** False when no Rollouts/AnalysisTemplates were looked at (then "unused" means nothing). */
  resourcesScanned: boolean;
}
