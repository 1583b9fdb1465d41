import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Browser globals that Node lacks (window, document, HTMLElement, ImageData, OffscreenCanvas, …). */
const DOM_ONLY_GLOBALS = Object.keys(globals.browser).filter((g) => !(g in globals.node) && !(g in globals.es2021));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', '.cache'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // src/core is pure: no React, no DOM, no tfjs — neither imported nor used as a browser global
    // (window, document, HTMLElement, ImageData, …: every browser global Node does not have too).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', '@tensorflow/*', '@tensorflow-models/*', '**/ui/**', '**/models/**', '**/sections/**'] }],
      'no-restricted-globals': ['error', ...DOM_ONLY_GLOBALS.map((name) => ({ name, message: 'src/core is pure: no DOM globals (pass plain data in).' }))],
      // …nor as types (`x: ImageData`, `HTMLCanvasElement[]`): no-restricted-globals sees values only.
      'no-restricted-syntax': ['error', {
        selector: `TSTypeReference > Identifier.typeName[name=/^(${DOM_ONLY_GLOBALS.join('|')})$/]`,
        message: 'src/core is pure: no DOM types (pass plain data in).',
      }],
    },
  },
);
