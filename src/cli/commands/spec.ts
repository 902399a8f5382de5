import type { Argv } from 'yargs';
import type { KubernetesFlagUse, ReportFlagUse } from '../options.js';

/** What a command module's lazily loaded body exports. */
export interface CommandBody {
  /** Runs the command and resolves to the exit code. */
  run(args: Record<string, unknown>): Promise<number>;
}

/** A command's light part: everything --help and completion need, without loading its body. */
export interface CommandSpec {
  name: string;
  /** yargs command string, e.g. `lint` or `checks [id]`. */
  usage: string | string[];
  aliases?: string[];
  describe: string;
  examples: [string, string][];
  builder?: (yargs: Argv) => Argv;
  /** The Kubernetes flags it uses; absent: all of them (doctor, serve). */
  kubernetes?: KubernetesFlagUse;
  /** The report flags it uses and the -o formats it prints; absent: all of them (doctor, lint, probe). */
  report?: ReportFlagUse;
  load: () => Promise<CommandBody>;
}
