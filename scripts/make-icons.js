#!/usr/bin/env node
// Writes the add-in icons (assets/icon-16.png … icon-80.png): a green tile with a white tick.
// PNG bytes are written by hand with zlib; no image package, no network.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80];
const OUT = path.resolve(__dirname, '..', 'assets');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels → PNG (colour type 6, 8 bits, no filter). */
function png(size, pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage of a pixel by the shape, sampled 4×4 for smooth edges. */
function draw(size) {
  const px = Buffer.alloc(size * size * 4);
  const radius = size * 0.18;
  const stroke = size * 0.09;
  const tick = [
    [0.26, 0.53],
    [0.43, 0.7],
    [0.75, 0.33],
  ].map(([x, y]) => [x * size, y * size]);
  const green = [0x21, 0x73, 0x46];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let tile = 0;
      let mark = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const fx = x + (sx + 0.5) / 4;
          const fy = y + (sy + 0.5) / 4;
          const cx = Math.min(Math.max(fx, radius), size - radius);
          const cy = Math.min(Math.max(fy, radius), size - radius);
          if (Math.hypot(fx - cx, fy - cy) <= radius) tile++;
          const d = Math.min(segDist(fx, fy, ...tick[0], ...tick[1]), segDist(fx, fy, ...tick[1], ...tick[2]));
          if (d <= stroke) mark++;
        }
      }
      const a = tile / 16;
      const m = mark / 16;
      const i = (y * size + x) * 4;
      px[i] = Math.round(green[0] * (1 - m) + 255 * m);
      px[i + 1] = Math.round(green[1] * (1 - m) + 255 * m);
      px[i + 2] = Math.round(green[2] * (1 - m) + 255 * m);
      px[i + 3] = Math.round(255 * a);
    }
  }
  return px;
}

fs.mkdirSync(OUT, { recursive: true });
for (const size of SIZES) {
  const file = path.join(OUT, `icon-${size}.png`);
  fs.writeFileSync(file, png(size, draw(size)));
  console.log(`Đã ghi ${path.relative(process.cwd(), file)} (${size}×${size})`);
}
