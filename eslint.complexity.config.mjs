// ESLint here only measures: the complexity rule at 0 reports every function's cyclomatic
// complexity, which `ccm demo` feeds to the quality gate. Linting and formatting are Biome's (biome.json).
import parser from '@typescript-eslint/parser';

export default [
  {
    files: ['packages/*/src/**/*.ts', 'actions/*/src/**/*.ts'],
    languageOptions: { parser },
    rules: { complexity: ['warn', 0] },
  },
];
