/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // exceljs round trips are slow on a busy 2-core machine; no test asserts on time.
  testTimeout: 60000,
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/'],
};
