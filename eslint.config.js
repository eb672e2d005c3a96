import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The module boundary (ARCHITECTURE.md): a file of one module imports another module only through
 * that module's index.ts, and the platform imports no module at all. Same for the web app's modules.
 * The web app takes only types from the server (`import type`, erased from the bundle; an inline
 * `import { type X }` would leave an import of the file behind), besides the files written to be
 * shared with the browser.
 */
const SHARED_WITH_BROWSER = new Set([
  'src/modules/ledger/ledger.chain.ts',
  'src/modules/addresses/addresses.rooms.ts',
  'src/modules/communities/communities.settings-fields.ts',
]);
const moduleBoundary = {
  meta: { type: 'problem', schema: [], messages: { internals: '{{from}} may not import {{to}}: {{why}}' } },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const rel = (p) => path.relative(root, p).split(path.sep).join('/');
    const where = (p) => {
      const m = /^(src|web\/src)\/modules\/([^/]+)\/(.*)$/.exec(rel(p));
      if (m) return { side: m[1], module: m[2], rest: m[3] };
      if (/^src\/platform\//.test(rel(p))) return { side: 'src', module: null, platform: true };
      return null;
    };
    const self = where(file);
    const inWeb = rel(file).startsWith('web/');
    if (!self && !inWeb) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const resolved = path.resolve(path.dirname(file), source);
      const typeOnly = node.importKind === 'type' || node.exportKind === 'type';
      if (inWeb && rel(resolved).startsWith('src/') && !typeOnly && !SHARED_WITH_BROWSER.has(rel(resolved)))
        return context.report({
          node,
          messageId: 'internals',
          data: { from: rel(file), to: source, why: 'the web app imports only types from the server (import type)' },
        });
      const target = where(resolved);
      if (inWeb && target?.side === 'src' && target.module && target.rest !== 'index.ts' && !SHARED_WITH_BROWSER.has(rel(resolved)))
        return context.report({
          node,
          messageId: 'internals',
          data: { from: rel(file), to: source, why: `import the server's ${target.module} types through its index.ts` },
        });
      if (!self || !target || target.module === null) return;
      if (self.platform && !/\.test\.ts$/.test(file))
        return context.report({ node, messageId: 'internals', data: { from: rel(file), to: source, why: 'the platform knows no module' } });
      if (target.module !== self.module && target.rest !== 'index.ts' && target.side === self.side)
        context.report({ node, messageId: 'internals', data: { from: rel(file), to: source, why: `import ${target.module} through its index.ts` } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'bench/.medusa', 'bench/.work', 'coverage', 'test/.artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Modules add to shared interfaces (Database, ErrorCodes, RoleNames) by declaration merging.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'],
    plugins: { weiyi: { rules: { 'module-boundary': moduleBoundary } } },
    rules: { 'weiyi/module-boundary': 'error' },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^(useLoad|useSearch)$' }] },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { ...globals.node } } },
);
