// Makes the built CLI executable (tsc keeps the shebang but not the mode).
const fs = require('fs');
const path = require('path');
const bin = path.join(__dirname, '..', 'dist', 'node', 'src', 'cli', 'cchc.js');
fs.chmodSync(bin, 0o755);
