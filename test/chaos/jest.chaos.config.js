// The fault suite (`npm run test:chaos`, docs/faults.md): real server processes
// under load while their database stops, fills up or they are killed. Apart from
// `npm test` because it takes minutes and loads the whole machine; it uses the
// integration project's throwaway PostgreSQL and template database.
/** @type {import('jest').Config} */
module.exports = {
  // Relative to this file: the repository.
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  roots: ['<rootDir>/test/chaos'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
