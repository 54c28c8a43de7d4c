/** Real-browser tests: they expect dist/web built (npm run build:web) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testMatch: ['**/*.test.ts'],
  testTimeout: 180000,
};
