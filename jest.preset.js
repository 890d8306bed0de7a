// One jest configuration for every project. `JEST_KIND=unit` (default) runs the
// `*.spec.ts` files next to the code; `JEST_KIND=integration` runs `test/**/*.int-spec.ts`
// against the real local infrastructure (Kafka, the MongoDB-wire server, S3, Mailpit).
// Run it with `--rootDir <project root>`.
const fs = require('node:fs');
const path = require('node:path');

const workspace = __dirname;
const swcrc = JSON.parse(fs.readFileSync(path.join(workspace, '.swcrc'), 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = workspace;
swcrc.swcrc = false;

const kind = process.env.JEST_KIND === 'integration' ? 'integration' : 'unit';

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcrc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: kind === 'unit' ? ['<rootDir>/src/**/*.spec.ts'] : ['<rootDir>/test/**/*.int-spec.ts'],
  setupFiles: [path.join(workspace, 'jest.setup.js')],
  testTimeout: kind === 'unit' ? 10_000 : 120_000,
  slowTestThreshold: kind === 'unit' ? 2 : 30,
  ...(kind === 'integration'
    ? {
        maxWorkers: 1,
        globalSetup: path.join(workspace, 'libs/testing/src/global-setup.ts'),
        globalTeardown: path.join(workspace, 'libs/testing/src/global-teardown.ts'),
      }
    : {}),
};
