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
      // Tees every logger of every test file to the run's log capture (scanned by the global teardown).
      setupFilesAfterEnv: ['<rootDir>/test/support/log-capture.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
  // `npm test` measures the pure core's coverage and fails under 95% of its lines or branches.
  coverageProvider: 'v8',
  // A global option (jest ignores it per project): the integration tier boots real servers.
  testTimeout: 60000,
  // Test files run in a worker that is replaced once it holds more than this after a file. In one
  // process (jest's choice on 2 cores) the ESM modules each file imports again (pdfjs, fontkit,
  // playwright, exceljs…) were never freed: it grew past 7 GB over the suite and the late files ran
  // ten times slower under the garbage collector.
  workerIdleMemoryLimit: '1GB',
  // One file at a time on 2 cores (jest's own choice). Two at once ran the suite in ~60% of the time
  // (931–994 s against 1,551 s), but in one fresh-clone run of two the process-killing fault tests
  // (kill-restart, two-schedulers) timed out while they ran beside other files; they need a pass of
  // their own before the rest may run two at a time.
  // Type-only modules compile to nothing and would count as uncovered.
  collectCoverageFrom: [
    'domain/**/*.ts',
    '!domain/**/types.ts',
    '!domain/case/**/commands.ts',
    '!domain/case/**/events.ts',
  ],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { './domain/': { lines: 95, branches: 95 } },
};
