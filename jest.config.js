// Three projects: `unit` (*.unit.test.ts) needs no database and runs in seconds
// (`npm run test:unit`); `integration` (every other *.test.ts) runs against a
// throwaway PostgreSQL cluster started once per run, each test file in its own
// database; `e2e` (test/e2e) drives the dashboard in Chromium against a real
// server, one server and one browser per file (`npm run test:e2e`). `npm test`
// runs all three.
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  roots: ['<rootDir>/test'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.test.ts'],
      // test/chaos has its own configuration (`npm run test:chaos`).
      testPathIgnorePatterns: ['\\.unit\\.test\\.ts$', '<rootDir>/test/e2e/', '<rootDir>/test/chaos/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      // Fails a test file whose apps answered anything their OpenAPI document does not say.
      setupFilesAfterEnv: ['<rootDir>/test/support/conformance-setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/conformance-setup.ts'],
    },
  ],
};
