/**
 * Progress and notices on stderr. Progress ("probing 3/7…") only when stderr is a terminal, so it
 * never mixes into piped output; notices (what is about to be executed) always.
 */
import { notOfferedWhy } from '../handshake/kubeconfig-offer.js';
import type { LaunchDescription } from '../handshake/process.js';
import { terminalSafe } from '../render/terminal-safe.js';

export interface Progress {
  update(text: string): void;
  notice(text: string): void;
  /** -v details. */
  detail(text: string): void;
  done(): void;
}

export function createProgress(verbose: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = stream.isTTY === true;
  let shown = false;
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(text) {
      if (!live) return;
      stream.write(`\r\x1b[K${terminalSafe(text, true).slice(0, (stream.columns || 80) - 1)}`);
      shown = true;
    },
    notice(text) {
      clear();
      stream.write(`${terminalSafe(text)}\n`);
    },
    detail(text) {
      if (!verbose) return;
      clear();
      stream.write(`${terminalSafe(text)}\n`);
    },
    done: clear,
  };
}

/** The line said before a plugin binary is executed (values of the user's variables never appear). */
export function launchNotice(launch: LaunchDescription): string {
  // PATH is this shell's own; its value only makes the line long.
  const toolEnv = Object.entries(launch.toolEnv).map(([k, v]) => (k === 'PATH' ? 'PATH=<yours>' : `${k}=${v}`)).join(' ');
  const passed = launch.envNames.filter((n) => !(n in launch.toolEnv));
  const notOffered = launch.notOffered?.length ? `; not offered: ${launch.notOffered.join(', ')} (${notOfferedWhy(launch.toolEnv.KUBECONFIG !== undefined)})` : '';
  return `running plugin: ${launch.command.join(' ')} (cwd ${launch.cwd}; env ${toolEnv}${passed.length ? `; passed through: ${passed.join(', ')}` : ''}${notOffered})`;
}
