/** The shells `jdgen completion` writes a script for (a list of its own so `--help` does not load the completion library). */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
