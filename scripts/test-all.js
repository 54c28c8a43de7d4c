// Runs every test suite (unit, then the real-browser one) and ends with one line that counts them.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, '.tmp');
fs.mkdirSync(outDir, { recursive: true });
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

const suites = [
  { name: 'unit', args: [] },
  { name: 'browser', args: ['-c', 'jest.browser.config.js'] },
];

let passed = 0;
let failed = 0;
let exit = 0;
for (const suite of suites) {
  const report = path.join(outDir, `jest-${suite.name}.json`);
  fs.rmSync(report, { force: true });
  const run = spawnSync(process.execPath, [jest, ...suite.args, '--json', `--outputFile=${report}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) exit = 1;
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  } else {
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exit || (failed ? 1 : 0));
