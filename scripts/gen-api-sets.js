#!/usr/bin/env node
/**
 * Writes test/fakes/apiSets.json: for every class and interface of the `Excel` namespace in
 * @types/office-js, the requirement set of each member, read from its `[Api set: ExcelApi 1.x]`
 * doc comment (a member without one takes its type's set). The Excel fake refuses a member
 * above the host profile it plays, so a test fails where that host would.
 *
 *   node scripts/gen-api-sets.js            write the map
 *   node scripts/gen-api-sets.js --check    exit 1 when the committed map is out of date
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const source = path.join(root, 'node_modules', '@types', 'office-js', 'index.d.ts');
const target = path.join(root, 'test', 'fakes', 'apiSets.json');

/** "ExcelApi 1.9" → "1.9"; another set (ExcelApiOnline, ExcelApiDesktop) is kept whole. */
function setOf(comment) {
  const m = /\[Api set: ([A-Za-z]+) (\d+\.\d+)/.exec(comment);
  if (!m) return null;
  return m[1] === 'ExcelApi' ? m[2] : `${m[1]} ${m[2]}`;
}

function minor(set) {
  return /^\d+\.\d+$/.test(set) ? Number(set.split('.')[1]) : Infinity;
}

/** The lower of two sets (overloads: the member exists from its first overload's set). */
function lower(a, b) {
  if (!a) return b;
  if (!b) return a;
  return minor(b) < minor(a) ? b : a;
}

function generate(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^declare namespace Excel \{/.test(l));
  if (start < 0) throw new Error('No "declare namespace Excel" in @types/office-js.');
  const members = {};
  let depth = 0;
  let inComment = false;
  let comment = '';
  let lastComment = '';
  let type = null;
  let typeSet = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    let code = '';
    // Split the line into comment text and code, so braces in comments are not counted.
    for (let j = 0; j < line.length; j++) {
      if (inComment) {
        if (line.startsWith('*/', j)) {
          inComment = false;
          lastComment = comment;
          j++;
        } else comment += line[j];
      } else if (line.startsWith('/*', j)) {
        inComment = true;
        comment = '';
        j++;
      } else if (line.startsWith('//', j)) break;
      else code += line[j];
    }
    if (inComment) {
      comment += '\n';
      continue;
    }
    const trimmed = code.trim();
    if (trimmed) {
      if (depth === 1) {
        const decl = /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(class|interface)\s+(\w+)/.exec(trimmed);
        if (decl) {
          type = decl[2];
          typeSet = setOf(lastComment);
          if (typeSet) members[type] = lower(members[type], typeSet);
        } else if (/^namespace\s/.test(trimmed)) type = null;
      } else if (depth === 2 && type) {
        const member = /^(?:readonly\s+|static\s+)*([A-Za-z_$][\w$]*)\??\s*[(:<]/.exec(trimmed);
        if (member && member[1] !== 'constructor') {
          const set = setOf(lastComment) ?? typeSet;
          if (set) members[`${type}.${member[1]}`] = lower(members[`${type}.${member[1]}`], set);
        }
      }
      lastComment = '';
    }
    for (const ch of code) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth === 1 && /^\}/.test(trimmed)) type = null;
    if (depth === 0 && i > start) break;
  }
  const sorted = {};
  for (const k of Object.keys(members).sort()) sorted[k] = members[k];
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(source), 'package.json'), 'utf8')).version;
  return `${JSON.stringify({ source: `@types/office-js ${version}`, members: sorted }, null, 2)}\n`;
}

const out = generate(fs.readFileSync(source, 'utf8'));
if (process.argv.includes('--check')) {
  const now = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (now !== out) {
    console.error(`${path.relative(root, target)} không khớp @types/office-js: chạy node scripts/gen-api-sets.js`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, out);
  console.log(`${path.relative(root, target)}: ${Object.keys(JSON.parse(out).members).length} mục`);
}
