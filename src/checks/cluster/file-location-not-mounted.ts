import type { ClusterFacts } from '../../cluster/facts.js';
import { mountFor } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';
import { containerOf, deploymentOf, fileLocationPath, kubectl, namespaceOf } from './util.js';

export const fileLocationNotMounted: Check<ClusterFacts> = {
  meta: {
    id: 'file-location-not-mounted',
    severity: 'error',
    step: 'cluster',
    effect: 'fatal-at-startup',
    title: 'A file:// plugin location is not on any volume of the controller container',
    description:
      'The official image is distroless and contains no plugins: a file:// location must point into a volume that an init container fills (the usual air-gap pattern: copy the binary from the plugin\'s image into a shared emptyDir). Otherwise the start-up copy fails with "failed to get file stat". A relative `file://plugins/x` resolves under the working directory.',
    fix: 'Mount a shared emptyDir in the controller container, fill it from an init container, and point the location at it with three slashes: `file:///plugins/<binary>`.',
    example: 'location: file://plugins/gatewayapi-plugin-linux-amd64',
  },
  run(facts, report) {
    const spec = facts.podSpec;
    if (!spec) return;
    for (const plugin of facts.plugins) {
      const path = fileLocationPath(plugin.location, spec.workingDir);
      if (!path) continue;
      const mount = mountFor(path, spec.mounts);
      if (mount) {
        const fillers = spec.initContainers.filter((c) => c.mounts.some((m) => m.name === mount.name));
        if (mount.volumeKind === 'emptyDir' && fillers.length === 0) {
          report({
            plugin: { name: plugin.name, type: plugin.type },
            title: `Nothing fills the volume holding ${path}: emptyDir ${mount.name} starts empty and no init container mounts it`,
            evidence: [`location: ${plugin.location} → ${path}`, `mounted from volume ${mount.name} (emptyDir) at ${mount.mountPath}`, `init containers: ${spec.initContainers.map((c) => c.name).join(', ') || 'none'}`],
            fix: initContainerYaml(mount.name, mount.mountPath, path, containerOf(facts)),
          });
        }
        continue;
      }
      // A custom image may contain the file: the controller's own "Copied plugin" line proves it does.
      const copied = facts.loadedPlugins.some((l) => l.plugins.some((p) => p.how === 'copied' && p.name === plugin.name && p.location === `file://${path}`));
      if (copied) continue;
      report({
        plugin: { name: plugin.name, type: plugin.type },
        title: `${plugin.name}: ${path} is not on any volume of the controller container`,
        evidence: [
          `location: ${plugin.location} → ${path}${/^file:\/\/[^/]/.test(plugin.location) ? ` (the first segment after file:// is a host, so the path is relative to ${spec.workingDir})` : ''}`,
          `volumeMounts of ${spec.containerName} in ${spec.source}: ${spec.mounts.map((m) => m.mountPath).join(', ') || 'none'}`,
        ],
        fix: `Unless you built your own image containing ${path}, copy the binary in from an init container (${kubectl(facts, ['-n', namespaceOf(facts), 'edit', `deployment/${deploymentOf(facts)}`])}):\n${initContainerYaml('plugins', '/plugins', `/plugins/${path.split('/').pop()}`, containerOf(facts), true)}\nand set location: file:///plugins/${path.split('/').pop()}`,
      });
    }
  },
};

function initContainerYaml(volume: string, mountPath: string, target: string, container: string, withMount = false): string {
  return [
    'spec:',
    '  template:',
    '    spec:',
    '      initContainers:',
    '        - name: copy-plugin',
    '          image: <image that contains the plugin binary>',
    `          command: [cp, <path of the binary in that image>, ${target}]`,
    '          volumeMounts:',
    `            - name: ${volume}`,
    `              mountPath: ${mountPath}`,
    ...(withMount
      ? ['      containers:', `        - name: ${container}`, '          volumeMounts:', `            - name: ${volume}`, `              mountPath: ${mountPath}`, '      volumes:', `        - name: ${volume}`, '          emptyDir: {}']
      : []),
  ].join('\n');
}
