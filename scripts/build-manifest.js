#!/usr/bin/env node
// Writes dist/manifest.xml: manifest.xml with its development address (https://localhost:3000)
// replaced by the production one from the ADDIN_BASE_URL setting, then checks it.
//   ADDIN_BASE_URL=https://cchc.example.gov.vn/addin node scripts/build-manifest.js
'use strict';
const fs = require('fs');
const path = require('path');
const { validateManifest } = require('./validate-manifest');

const ROOT = path.resolve(__dirname, '..');
const DEV_BASE = 'https://localhost:3000';

function main() {
  const base = (process.env.ADDIN_BASE_URL || '').trim().replace(/\/+$/, '');
  const production = process.env.NODE_ENV !== 'development';
  if (!base && production) {
    console.error(
      'Thiếu thiết lập ADDIN_BASE_URL (địa chỉ https nơi đặt dist/web), ví dụ: ADDIN_BASE_URL=https://cchc.example.gov.vn/addin',
    );
    return 1;
  }
  if (base && !/^https:\/\/[^\s/]+/i.test(base)) {
    console.error(`ADDIN_BASE_URL "${base}" phải là địa chỉ https.`);
    return 1;
  }
  const source = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  const out = base ? source.split(DEV_BASE).join(base) : source;
  const errors = validateManifest(out, { production });
  if (errors.length) {
    console.error('dist/manifest.xml không hợp lệ:');
    for (const e of errors) console.error(`  - ${e}`);
    return 1;
  }
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'dist', 'manifest.xml'), out);
  console.log(`Đã ghi dist/manifest.xml (${base || DEV_BASE}).`);
  return 0;
}

process.exit(main());
