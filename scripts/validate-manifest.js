#!/usr/bin/env node
// Offline check of the add-in manifest (no network, no packages): node scripts/validate-manifest.js [file] [--production]
// Production rules (no localhost) apply with --production, NODE_ENV=production, or for dist/manifest.xml.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** A small XML parser: elements, attributes, text; comments, declarations and CDATA handled. */
function parseXml(text) {
  const root = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const decode = (s) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, '&');
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      stack[stack.length - 1].text += decode(text.slice(i));
      break;
    }
    if (lt > i) stack[stack.length - 1].text += decode(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end < 0) throw new Error('chú thích <!-- không được đóng');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end < 0) throw new Error('CDATA không được đóng');
      stack[stack.length - 1].text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt);
      i = end + 1;
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      const name = text.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) {
        const line = text.slice(0, lt).split('\n').length;
        throw new Error(`thẻ đóng </${name}> ở dòng ${line} không khớp với <${open ? open.name : '?'}>`);
      }
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(text.slice(lt));
      if (!m) {
        const line = text.slice(0, lt).split('\n').length;
        throw new Error(`thẻ không hợp lệ ở dòng ${line}`);
      }
      const attrs = {};
      const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let a;
      while ((a = re.exec(m[2]))) attrs[a[1]] = decode(a[2] !== undefined ? a[2] : a[3]);
      const el = { name: m[1], attrs, children: [], text: '', line: text.slice(0, lt).split('\n').length };
      stack[stack.length - 1].children.push(el);
      if (!m[3]) stack.push(el);
      i = lt + m[0].length;
    }
  }
  if (stack.length !== 1) throw new Error(`thẻ <${stack[stack.length - 1].name}> không được đóng`);
  return root;
}

const local = (name) => name.replace(/^.*:/, '');

function walk(el, fn) {
  fn(el);
  for (const c of el.children) walk(c, fn);
}

function childNamed(el, name) {
  return el.children.find((c) => local(c.name) === name);
}

function findAll(el, name) {
  const out = [];
  walk(el, (e) => {
    if (local(e.name) === name) out.push(e);
  });
  return out;
}

/** Checks a manifest; returns the problems in Vietnamese (empty when valid). */
function validateManifest(xmlText, options = {}) {
  const assetsDir = options.assetsDir || path.join(ROOT, 'assets');
  const production = !!options.production;
  const errors = [];
  let doc;
  try {
    doc = parseXml(xmlText);
  } catch (err) {
    return [`Không đọc được XML: ${err.message}.`];
  }
  const app = doc.children.find((c) => local(c.name) === 'OfficeApp');
  if (!app) return ['Thiếu thẻ gốc <OfficeApp>.'];
  if (app.attrs['xsi:type'] !== 'TaskPaneApp')
    errors.push(`<OfficeApp> phải có xsi:type="TaskPaneApp" (đang là "${app.attrs['xsi:type'] || ''}").`);

  const text = (name) => {
    const el = childNamed(app, name);
    return el ? el.text.trim() : null;
  };
  const id = text('Id');
  if (!id) errors.push('Thiếu <Id>.');
  else if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    errors.push(`<Id> "${id}" không phải GUID (dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);
  const version = text('Version');
  if (!version) errors.push('Thiếu <Version>.');
  else if (!/^\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(version))
    errors.push(`<Version> "${version}" phải có bốn phần số, ví dụ 1.0.0.0.`);
  if (!text('ProviderName')) errors.push('Thiếu <ProviderName>.');
  const locale = text('DefaultLocale');
  if (!locale) errors.push('Thiếu <DefaultLocale>.');
  else if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(locale))
    errors.push(`<DefaultLocale> "${locale}" không hợp lệ (ví dụ vi-VN).`);
  for (const [name, max] of [
    ['DisplayName', 125],
    ['Description', 250],
  ]) {
    const el = childNamed(app, name);
    const v = el && el.attrs.DefaultValue;
    if (!v) errors.push(`Thiếu <${name} DefaultValue="…">.`);
    else if (v.length > max) errors.push(`<${name}> dài ${v.length} ký tự, tối đa ${max}.`);
  }

  const hostsEl = childNamed(app, 'Hosts');
  const hosts = hostsEl ? hostsEl.children.filter((c) => local(c.name) === 'Host').map((h) => h.attrs.Name) : [];
  for (const h of ['Workbook', 'Document'])
    if (!hosts.includes(h)) errors.push(`<Hosts> thiếu <Host Name="${h}"/> (${h === 'Workbook' ? 'Excel' : 'Word'}).`);

  const settings = childNamed(app, 'DefaultSettings');
  const source = settings && childNamed(settings, 'SourceLocation');
  if (!source || !source.attrs.DefaultValue) errors.push('Thiếu <DefaultSettings><SourceLocation DefaultValue="…"/>.');

  const requirements = childNamed(app, 'Requirements');
  if (requirements) {
    for (const set of findAll(requirements, 'Set')) {
      if (/^(ExcelApi|WordApi)$/.test(set.attrs.Name || '')) {
        errors.push(
          `<Requirements> ở phần chính không được đòi ${set.attrs.Name} ${set.attrs.MinVersion || ''}: add-in kiểm tra phiên bản khi chạy.`.replace(
            ' :',
            ':',
          ),
        );
      }
    }
  }

  // Every URL: https, and no local address in production.
  const urls = [];
  walk(app, (el) => {
    const v = el.attrs.DefaultValue;
    if (v && /^[a-z]+:\/\//i.test(v)) urls.push({ el: local(el.name), id: el.attrs.id, url: v, line: el.line });
    if (local(el.name) === 'AppDomain' && el.text.trim())
      urls.push({ el: 'AppDomain', url: el.text.trim(), line: el.line });
  });
  for (const u of urls) {
    const where = `<${u.el}${u.id ? ` id="${u.id}"` : ''}> (dòng ${u.line})`;
    if (!/^https:\/\//i.test(u.url)) errors.push(`${where}: địa chỉ "${u.url}" phải dùng https.`);
    if (production && /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(u.url)) {
      errors.push(
        `${where}: bản phát hành không được trỏ tới máy cục bộ ("${u.url}"). Đặt ADDIN_BASE_URL rồi chạy node scripts/build-manifest.js.`,
      );
    }
  }

  // Icons: every .png referenced exists in assets/ as a PNG of the stated size.
  const images = [];
  for (const name of ['IconUrl', 'HighResolutionIconUrl']) {
    const el = childNamed(app, name);
    if (!el || !el.attrs.DefaultValue) errors.push(`Thiếu <${name} DefaultValue="…">.`);
    else images.push({ url: el.attrs.DefaultValue, where: `<${name}>` });
  }
  for (const img of findAll(app, 'Image')) {
    if (img.attrs.DefaultValue) images.push({ url: img.attrs.DefaultValue, where: `<bt:Image id="${img.attrs.id}">` });
  }
  const sizes = new Set();
  for (const img of images) {
    const file = img.url
      .replace(/[?#].*$/, '')
      .split('/')
      .pop();
    const full = path.join(assetsDir, file);
    if (!/\.png$/i.test(file)) {
      errors.push(`${img.where}: biểu tượng "${file}" phải là tệp PNG.`);
      continue;
    }
    if (!fs.existsSync(full)) {
      errors.push(`${img.where}: không có tệp assets/${file} (chạy node scripts/make-icons.js).`);
      continue;
    }
    const bytes = fs.readFileSync(full);
    if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47) {
      errors.push(`${img.where}: assets/${file} không phải tệp PNG.`);
      continue;
    }
    const w = bytes.readUInt32BE(16);
    const h = bytes.readUInt32BE(20);
    sizes.add(w);
    const stated = /(\d+)(?:x\d+)?\.png$/i.exec(file);
    if (w !== h || (stated && Number(stated[1]) !== w))
      errors.push(`${img.where}: assets/${file} có kích thước ${w}×${h}, không khớp tên tệp.`);
  }
  for (const s of [16, 32, 64, 80]) if (!sizes.has(s)) errors.push(`Thiếu biểu tượng ${s}×${s} px trong manifest.`);

  // Ribbon: resource ids referenced exist; short and long strings within Office limits.
  const overrides = childNamed(app, 'VersionOverrides');
  if (!overrides) errors.push('Thiếu <VersionOverrides> (nút trên thanh Ribbon).');
  else {
    const defined = new Map();
    for (const kind of ['Image', 'Url', 'String'])
      for (const el of findAll(overrides, kind)) if (el.attrs.id) defined.set(el.attrs.id, el);
    walk(overrides, (el) => {
      if (el.attrs.resid && !defined.has(el.attrs.resid))
        errors.push(`<${local(el.name)}> (dòng ${el.line}) dùng resid="${el.attrs.resid}" nhưng <Resources> không có.`);
    });
    const check = (group, max) => {
      const g = findAll(overrides, group)[0];
      if (!g) return;
      for (const s of g.children) {
        const v = s.attrs.DefaultValue || '';
        if (v.length > max) errors.push(`<bt:String id="${s.attrs.id}"> dài ${v.length} ký tự, tối đa ${max}.`);
      }
    };
    check('ShortStrings', 125);
    check('LongStrings', 250);
    const hostTypes = overrides.children
      .filter((c) => local(c.name) === 'Hosts')
      .flatMap((h) => h.children.map((x) => x.attrs['xsi:type']));
    for (const h of ['Workbook', 'Document']) {
      if (!hostTypes.includes(h)) errors.push(`<VersionOverrides> thiếu <Host xsi:type="${h}"> (nút mở ngăn tác vụ).`);
    }
    const actions = findAll(overrides, 'Action').filter((a) => a.attrs['xsi:type'] === 'ShowTaskpane');
    if (actions.length < 2) errors.push('Cần nút ShowTaskpane cho cả Excel và Word.');
  }
  return errors;
}

function main(argv) {
  const args = argv.slice(2);
  const file = path.resolve(args.find((a) => !a.startsWith('--')) || path.join(ROOT, 'manifest.xml'));
  const production =
    args.includes('--production') ||
    process.env.NODE_ENV === 'production' ||
    path.relative(path.join(ROOT, 'dist'), file) === 'manifest.xml';
  if (!fs.existsSync(file)) {
    console.error(`Không có tệp ${file}.`);
    return 1;
  }
  const errors = validateManifest(fs.readFileSync(file, 'utf8'), { production });
  const label = path.relative(process.cwd(), file) || file;
  if (errors.length) {
    console.error(
      `Manifest ${label} không hợp lệ (${errors.length} lỗi${production ? ', kiểm tra bản phát hành' : ''}):`,
    );
    for (const e of errors) console.error(`  - ${e}`);
    return 1;
  }
  console.log(`Manifest ${label} hợp lệ${production ? ' (bản phát hành)' : ''}.`);
  return 0;
}

module.exports = { parseXml, validateManifest };

if (require.main === module) process.exit(main(process.argv));
