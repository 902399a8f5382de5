/** Builds dist/ once before the suite, so CLI tests run the real bundled executable. */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './go-build.js';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
