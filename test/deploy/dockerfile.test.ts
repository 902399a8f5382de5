/**
 * deploy/Dockerfile, checked without building it (no container daemon here, and its base images
 * cannot be pulled): it passes dockerfile-utils' validator, its build stage runs the pinned Node
 * over a context that has the sources and none of the host's outputs, it unpacks the archive
 * scripts/package.mjs makes for Linux, and the image it makes runs the way deploy/'s manifests
 * expect (entrypoint, non-root user, environment, serve's port).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module script without type declarations
import { minimumNodeMajor } from '../../bin/node-version.js';
// @ts-expect-error plain ES module script without type declarations
import { platformName } from '../../scripts/package.mjs';
import { usageErrorOf } from '../../src/cli/main.js';
import { buildHelmRender, DEPLOY, type Doc, helmTemplate, kustomize } from '../support/deploy.js';
import { REPO_ROOT } from '../support/go-build.js';

const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const [buildStage, imageStage] = dockerfile.getFROMs();
const instructions = dockerfile.getInstructions();
const stageOf = (i: Instruction) => (i.getRange().start.line >= imageStage!.getRange().start.line ? 'image' : 'build');
const inStage = (stage: 'build' | 'image', keyword: string) => instructions.filter((i) => stageOf(i) === stage && i.getKeyword() === keyword);
const execForm = (i: Instruction) => JSON.parse(i.getArgumentsContent()!) as string[];
const { version, bin } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const EXECUTABLE = 'kubectl-rollouts_plugins';
const podSpecOf = (doc: Doc): Record<string, any> => (doc.kind === 'CronJob' ? (doc as any).spec.jobTemplate.spec.template.spec : (doc as any).spec.template.spec);


beforeAll(async () => {
  await buildHelmRender(); // the first build of the renderer takes a minute
});
describe('deploy/Dockerfile', () => {
  it("passes dockerfile-utils' validator and has two stages: a build on the pinned Node, the image on distroless", () => {
    expect(validate(text)).toEqual([]);
    expect(dockerfile.getFROMs()).toHaveLength(2);
    expect(buildStage!.getBuildStage()).toBe('build');
    expect(buildStage!.getImageName()).toBe('node');
    expect(buildStage!.getImageTag()).toMatch(new RegExp(`^${minimumNodeMajor()}-`));
    expect(imageStage!.getImage()).toBe('gcr.io/distroless/cc-debian12:nonroot');
  });

  it('copies the sources before npm ci and npm run package (which builds them), and .dockerignore keeps the host outputs out', () => {
    const [copy] = inStage('build', 'COPY');
    const [run] = inStage('build', 'RUN');
    expect(copy!.getArguments().map((a) => a.getValue())).toEqual(['.', '.']);
    expect(copy!.getRange().start.line).toBeLessThan(run!.getRange().start.line);
    expect(run!.getArgumentsContent()).toMatch(/^npm ci\b/);
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'build', 'dist', '.git']));
    const needed = ['package.json', 'package-lock.json', 'LICENSE', 'bin', 'src', 'scripts', ...Object.values(bin).map((p) => p.split('/')[0]!)];
    expect(needed.filter((path) => ignored.includes(path))).toEqual([]);
  });

  it('unpacks the executable from the Linux archive that npm run package makes, and only it', () => {
    const run = inStage('build', 'RUN')[0]!.getArgumentsContent()!;
    expect(run).toContain('npm run package');
    const tar = /tar -xzf (\S+) -C \/out (\S+)$/.exec(run);
    expect(tar).not.toBeNull();
    const archive = new RegExp(`^${tar![1]!.replaceAll('.', '\\.').replace('*', '[a-z0-9]+')}$`);
    for (const arch of ['x64', 'arm64']) expect(`build/release/${EXECUTABLE}_${platformName('linux', arch)}.tar.gz`).toMatch(archive);
    expect(tar![2]).toBe(EXECUTABLE);
    expect(Object.keys(bin)).toContain(EXECUTABLE);
  });

  it('the image runs the executable as the non-root user, with the environment and port the manifests use', async () => {
    const copy = inStage('image', 'COPY')[0] as Copy;
    expect(copy.getFromFlag()?.getValue()).toBe('build');
    const copyArgs = copy.getArguments().map((a) => a.getValue());
    expect(copyArgs).toEqual([`/out/${EXECUTABLE}`, `/usr/local/bin/${EXECUTABLE}`]);
    expect(execForm(inStage('image', 'ENTRYPOINT')[0]!)).toEqual([copyArgs[1]]);
    const [uid, gid] = inStage('image', 'USER')[0]!.getArgumentsContent()!.split(':').map(Number);
    const env = Object.fromEntries(inStage('image', 'ENV')[0]!.getArguments().map((a) => a.getValue().split('=') as [string, string]));
    const cmd = execForm(inStage('image', 'CMD')[0]!);
    expect(await usageErrorOf(cmd)).toBeUndefined();

    const chart = (await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts')).docs;
    const chartCron = (await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts', { mode: 'cronjob' })).docs;
    const workloads = [...kustomize('.'), ...kustomize('cronjob'), ...chart, ...chartCron].filter((d) => d.kind === 'Deployment' || d.kind === 'CronJob');
    expect(workloads).toHaveLength(4);
    for (const workload of workloads) {
      const pod = podSpecOf(workload);
      const [container] = pod.containers;
      const where = `${workload.kind} ${container.name}`;
      // runAsNonRoot needs a numeric user in the image or the pod; both agree.
      expect([pod.securityContext.runAsUser, pod.securityContext.runAsGroup], where).toEqual([uid, gid]);
      expect(container.command, `${where} keeps the image's ENTRYPOINT`).toBeUndefined();
      expect(container.image, where).toBe(`ghcr.io/kubectl-rollouts-plugins/kubectl-rollouts-plugins:v${version}`);
      expect(Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value])), where).toEqual(env);
    }
    const serve = podSpecOf(workloads[0]!).containers[0];
    expect(serve.ports[0].containerPort).toBe(Number(cmd[cmd.indexOf('--listen') + 1]!.slice(1)));
    expect(text).toContain(`-t ${serve.image} .`);
  });
});
