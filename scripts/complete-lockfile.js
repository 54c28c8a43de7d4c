#!/usr/bin/env node
// The registry this project installs from serves only some platform builds of a few native
// packages (e.g. unrs-resolver's bindings, used by jest). `npm install` then leaves the other
// platforms' optional entries out of package-lock.json, and `npm ci` refuses the lock as "out of
// sync". This adds those entries, marked optional with their os/cpu, so `npm ci` checks the lock
// and skips them on every machine they do not fit. Run after `npm install` changes the lock.
'use strict';
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;

/** os and cpu of a platform package from its name: "…-darwin-arm64", "…-linux-x64-gnu", "…-win32-ia32-msvc". */
function platformOf(name) {
  const m =
    /-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-([a-z0-9]+)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/.exec(
      name,
    );
  if (!m) return null;
  const out = { os: [m[1] === 'openharmony' ? 'openharmony' : m[1]], cpu: [m[2] === 'arm' ? 'arm' : m[2]] };
  if (m[3] === 'gnu' || m[3] === 'gnueabihf') out.libc = ['glibc'];
  if (m[3] === 'musl' || m[3] === 'musleabihf') out.libc = ['musl'];
  return out;
}

let added = 0;
for (const [where, entry] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies || {})) {
    const key = `node_modules/${dep}`;
    if (pkgs[key] || pkgs[`${where}/${key}`]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+$/.test(version)) continue;
    pkgs[key] = { version, ...platform, dev: !!entry.dev, optional: true, license: entry.license };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
