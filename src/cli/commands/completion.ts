/** Shell completion scripts; each asks the executable itself (`__complete`) for candidates. */
import { UsageError } from '../../core/errors.js';
import { closest } from '../../core/suggest.js';

const BIN = 'kubectl-rollouts_plugins';

const SCRIPTS: Record<string, string> = {
  bash: `# bash completion for ${BIN}; also completes 'kubectl rollouts-plugins' via kubectl 1.26+
_${BIN}() {
  local IFS=$'\\n' out directive
  out=$(${BIN} __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return
  directive=\${out##*:}
  out=\${out%:*}
  COMPREPLY=($(compgen -W "$out" -- "\${COMP_WORDS[COMP_CWORD]}"))
  [[ \${#COMPREPLY[@]} -eq 0 && $directive -eq 0 ]] && COMPREPLY=($(compgen -f -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -F _${BIN} ${BIN}
`,
  zsh: `#compdef ${BIN}
_${BIN}() {
  local -a candidates
  local out
  out=$(${BIN} __complete "\${words[@]:1:$((CURRENT-1))}" 2>/dev/null) || return
  candidates=("\${(@f)\${out%:*}}")
  [[ \${out##*:} == 0 && -z \${candidates[1]} ]] && { _files; return; }
  compadd -a candidates
}
compdef _${BIN} ${BIN}
`,
  fish: `# fish completion for ${BIN}
function __${BIN}_complete
  set -l words (commandline -opc)[2..-1] (commandline -ct)
  ${BIN} __complete $words 2>/dev/null | string match -v -r '^:'
end
complete -c ${BIN} -f -a '(__${BIN}_complete)'
`,
};

export async function run(args: Record<string, unknown>): Promise<number> {
  const shell = String(args.shell);
  const script = SCRIPTS[shell];
  if (!script) {
    const hint = closest(shell, Object.keys(SCRIPTS));
    throw new UsageError(`no completion for shell "${shell}": use bash, zsh or fish${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  process.stdout.write(script);
  return 0;
}
