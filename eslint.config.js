// ESLint flat config: typescript-eslint's recommended rules over src/ and test/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-examples/', 'coverage/', 'node_modules/', 'scratch/', '.ci-nodes/', 'src/validate/precompiled/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter kept for its position in a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // jdgen matches control characters on purpose: it refuses or escapes them in untrusted input.
      'no-control-regex': 'off',
    },
  },
);
