/** The reporters of `jdgen lint`, apart from its command so `jdgen --help` loads nothing of lint. */
export const LINT_REPORTERS = ['text', 'json', 'github', 'sarif'] as const;
export type LintReporter = (typeof LINT_REPORTERS)[number];
