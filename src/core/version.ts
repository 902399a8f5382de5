/** The tool's version, injected at build time by esbuild and vitest (`define`) from package.json. */
declare const __TOOL_VERSION__: string;

export const TOOL_VERSION: string = __TOOL_VERSION__;
