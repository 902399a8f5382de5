/** Shell completion scripts; each asks the executable itself (`__complete`) for candidates. */
import { UsageError } from '../../core/errors.js';
import { closest } from '../../core/suggest.js';

const BIN = 'kubectl-rollouts_plugins';

const SCRIPTS: Record<string, string> = {
  bash: `# bash completion for ${BIN}; also completes 'kubectl rollouts-plugins' via kubectl 1.26+
_${BIN}() {
  local IFS=$'\\n' out directive word i line=$COMP_LINE
  local -a words
  # bash splits words at = and : (COMP_WORDBREAKS): a piece typed with no blank before it belongs to
  # the word before, so __complete reads --kubeconfig=/path/kc and arn:aws:eks:... as typed.
  for ((i = 0; i <= COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if ((i > 0)) && [[ $line != [[:space:]]* ]]; then
      words[\${#words[@]} - 1]+=$word # no words[-1]: macOS's bash 3.2 has no negative subscripts
    else
      line=\${line#"\${line%%[![:space:]]*}"}
      words+=("$word")
    fi
    line=\${line:\${#word}}
  done
  out=$(${BIN} __complete "\${words[@]:1}" 2>/dev/null) || return
  directive=\${out##*:}
  out=\${out%:*}
  # The candidates complete the typed word, a --flag=value's value (as cobra offers them), while
  # bash replaces only the piece after the word's last = or : (cur; none right after one).
  local typed=\${words[\${#words[@]} - 1]} cur=\${COMP_WORDS[COMP_CWORD]} value
  [[ $cur == [=:]* ]] && cur=
  value=$typed
  [[ $typed == -*=* ]] && value=\${typed#*=}
  COMPREPLY=($(compgen -W "$out" -- "$value"))
  [[ \${#COMPREPLY[@]} -eq 0 && $directive -eq 0 ]] && COMPREPLY=($(compgen -f -- "$value"))
  for i in "\${!COMPREPLY[@]}"; do
    word=\${typed%"$value"}\${COMPREPLY[i]}
    COMPREPLY[i]=\${word:\${#typed}-\${#cur}}
  done
}
complete -F _${BIN} ${BIN}
`,
  zsh: `#compdef ${BIN}
_${BIN}() {
  local -a candidates
  local out
  out=$(${BIN} __complete "\${words[@]:1:$((CURRENT-1))}" 2>/dev/null) || return
  candidates=(\${(@f)\${out%:*}})
  # The values of a --flag=value complete the part after its first = (as __complete offers them).
  compset -P 1 '-*='
  [[ \${out##*:} == 0 && -z \${candidates[1]} ]] && { _files; return; }
  compadd -a candidates
}
compdef _${BIN} ${BIN}
`,
  fish: `# fish completion for ${BIN}
function __${BIN}_complete
  set -l token (commandline -ct)
  set -l out (${BIN} __complete (commandline -opc)[2..-1] $token 2>/dev/null); or return
  # The last line is the directive: 0 lets the shell offer file names when there is no candidate.
  set -l directive (string replace -- ':' '' $out[-1])
  set -e out[-1]
  # The values of a --flag=value complete the part after its first = (as __complete offers them).
  set -l flag (string match -r -- '^-[^=]*=' $token); or set flag ''
  if test (count $out) -eq 0 -a "$directive" = 0
    set out (__fish_complete_path (string replace -- "$flag" '' $token))
  end
  printf '%s\\n' $flag$out
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
