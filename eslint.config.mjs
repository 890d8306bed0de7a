import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Who may import whom. Each project carries one `type:*` tag (see its project.json).
// A service never imports another service; `contracts` imports nothing of ours.
const boundaries = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:tooling'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:lib', 'type:contracts', 'type:tooling'] },
  // Operator tools that run against a deployment (tools/dlq): libraries, never the test harness.
  { sourceTag: 'type:ops', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  // The configuration reference (tools/config-docs) reads every service's env schema: see below.
  { sourceTag: 'type:docs', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  // Libraries in layers (each library's second tag): a library imports only from the layers below
  // its own, so no library reaches up into the one that builds services out of them.
  //   1 foundation: contracts, config, mongo, telemetry     2 core: auth, messaging
  //   3 delivery: outbox, client-directory                   4 platform: platform
  { sourceTag: 'layer:1-foundation', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:2-core', onlyDependOnLibsWithTags: ['layer:1-foundation'] },
  { sourceTag: 'layer:3-delivery', onlyDependOnLibsWithTags: ['layer:1-foundation', 'layer:2-core'] },
  { sourceTag: 'layer:4-platform', onlyDependOnLibsWithTags: ['layer:1-foundation', 'layer:2-core', 'layer:3-delivery'] },
];

// Inside a service: `domain/` is plain TypeScript. No framework, no database, no messaging, and
// neither the persistence adapters nor the HTTP shapes (DTOs) of its own service.
const domainImports = {
  patterns: [
    {
      group: [
        '@nestjs/*',
        'mongoose',
        'mongodb',
        'kafkajs',
        '@portico/mongo',
        '@portico/outbox',
        '@portico/messaging',
        '@portico/platform',
        '@portico/client-directory',
      ],
      message: 'domain/ is plain TypeScript: no Nest, no persistence, no messaging (docs/architecture.md, "Inside a service").',
    },
    {
      group: ['**/persistence', '**/persistence/**', '*.dto', '**/*.dto', '*.schema', '**/*.schema'],
      message: 'domain/ knows neither the persistence adapters nor the DTOs of its service (docs/architecture.md, "Inside a service").',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.local/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: boundaries }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Tests may use the harness; services' and libs' production code may not.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: boundaries.map((c) =>
            c.sourceTag === 'type:contracts' ? c : { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing', 'type:tooling'] },
          ),
        },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['services/*/src/**/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', domainImports] },
  },
  {
    // Command-line tools talk to a terminal.
    files: ['infra/src/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // docs/configuration.md is rendered from the env schemas themselves, so it cannot drift:
    // the generator may import a service's `<name>.env.ts`, and nothing else of a service.
    files: ['tools/config-docs/src/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['^\\.\\./\\.\\./\\.\\./services/[a-z-]+/src/[a-z-]+\\.env$'],
          depConstraints: boundaries,
        },
      ],
    },
  },
);
