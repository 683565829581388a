// Two tiers: `domain` is pure and fast; `integration` runs against the real parts
// (embedded FerretDB, Koa over HTTP, Agenda, Wechaty on the mock puppet).
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
  ],
};
const common = {
  transform,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'domain', testMatch: ['<rootDir>/test/domain/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/domain/'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
      testTimeout: 60000,
    },
  ],
  collectCoverageFrom: ['domain/**/*.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { './domain/': { lines: 95, branches: 95 } },
};
