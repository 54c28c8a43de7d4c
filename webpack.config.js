// Web build of the task pane: dist/web/taskpane.html and its chunks.
// Build settings (environment): OFFICE_JS_URL (where office.js is loaded from when hosted by Office).
// exceljs (and later docx) are loaded on demand with import(), never in the first chunk.
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CompressionPlugin = require('compression-webpack-plugin');
const fs = require('fs');
const zlib = require('zlib');

// What the pane must parse on: Office 2019 on Windows 10 (EdgeHTML 18) and Office on macOS 10.14 (Safari 12).
const TARGETS = { edge: '18', safari: '12' };
// ES5 on purpose: it runs before the bundle and tells IE11 hosts what to use instead.
const OLD_HOST_CHECK = fs.readFileSync(path.join(__dirname, 'assets/old-host-check.js'), 'utf8');

/** A .ico holding one PNG image (every browser reads PNG-in-ICO), so /favicon.ico is never a 404. */
function icoFromPng(png) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(png.readUInt32BE(16) >= 256 ? 0 : png.readUInt32BE(16), 6);
  header.writeUInt8(png.readUInt32BE(20) >= 256 ? 0 : png.readUInt32BE(20), 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

// Polyfills are for what the targets lack. Not added: built-ins newer than tsconfig's lib (ES2022), which our
// code cannot call (core-js would match any method of the same name, e.g. every .map), and core-js's
// conformance fixes of built-ins the targets have and we use within spec (string/RegExp symbols, Promise
// rejection tracking, whitespace tables, array length past 2^53).
const NOT_POLYFILLED = [
  /^esnext\./,
  /^es\.(iterator|set|map|weak-map)\./,
  /^es\.string\.(replace|split|match|search|trim)$/,
  /^es\.regexp\.(exec|test)$/,
  /^es\.promise\./,
  /^es\.promise$/,
  /^es\.array\.push$/,
  /^es\.parse-int$/,
  /^es\.weak-map$/,
  /^es\.error\.cause$/,
  /^es\.symbol\.description$/,
  // Typed arrays and URL: both targets have them, and we use them within what they support (new Uint8Array of a
  // length, buffer or array; URL.createObjectURL). core-js would replace the constructors for conformance details
  // and add ES2023+ methods, matched by name on any .set/.sort/.fill: ~170 KB of script to run before first paint.
  /^es\.typed-array\./,
  /^es\.array-buffer\./,
  /^es\.uint8-array\./,
  /^web\.url/,
  // Iterators (arrays, strings, DOM collections) and atob/btoa are native on both targets; core-js reinstalls
  // them on every page load (~25 ms at CPU 4×) for details our code never meets.
  /^es\.(array|string)\.iterator$/,
  /^web\.dom-collections\./,
  /^web\.(atob|btoa|dom-exception)/,
  // includes/startsWith/endsWith are native on both targets (Edge 12+, Safari 9+); core-js flags them for
  // regexp-argument and array-like details our code never meets, and would put ~48 KB of its internals in
  // the first screen (by usage it matches every .includes call).
  /^es\.(array|string)\.includes$/,
  /^es\.string\.(starts|ends)-with$/,
];

/** Our code gets the polyfills it uses (core-js, by usage); libraries get their syntax lowered. */
const babel = (polyfill) => ({
  loader: 'babel-loader',
  options: {
    babelrc: false,
    configFile: false,
    cacheDirectory: true,
    // The regexes below do not survive the cache key's JSON: name them here.
    cacheIdentifier: JSON.stringify({
      polyfill,
      targets: TARGETS,
      exclude: NOT_POLYFILLED.map(String),
      babel: require('@babel/core/package.json').version,
      presetEnv: require('@babel/preset-env/package.json').version,
      coreJs: require('core-js/package.json').version,
    }),
    sourceType: 'unambiguous',
    presets: [
      [
        '@babel/preset-env',
        {
          targets: TARGETS,
          bugfixes: true,
          modules: false,
          ...(polyfill ? { useBuiltIns: 'usage', corejs: '3.51', exclude: NOT_POLYFILLED } : {}),
        },
      ],
    ],
  },
});

const DEFAULT_OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

// "Đang tải…" is part of the page: it shows as soon as the page arrives, before any script; the first render replaces it.
const html = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Báo cáo cải cách hành chính</title>
    <link rel="icon" href="favicon.ico" />
    <style>html, body { margin: 0; padding: 0; } body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }</style>
  </head>
  <body>
    <div id="root"><p style="padding: 12px; margin: 0">Đang tải…</p></div>
    <script>${OLD_HOST_CHECK}</script>
  </body>
</html>
`;

/** The JavaScript files of the first chunk (the entry point's). */
function entryFiles(compilation) {
  return [...compilation.entrypoints.get('taskpane').getFiles()].filter((f) => f.endsWith('.js'));
}

/** The JavaScript files of the first chunk and of the named chunk groups: the first screen's scripts. */
function firstScreenFiles(compilation, groups) {
  const files = entryFiles(compilation);
  for (const group of groups) {
    const chunkGroup = compilation.namedChunkGroups.get(group);
    if (!chunkGroup) throw new Error(`no chunk group "${group}"`);
    files.push(...chunkGroup.chunks.flatMap((c) => [...c.files]));
  }
  return [...new Set(files)].filter((f) => f.endsWith('.js'));
}

/**
 * V8's explicit compile hint at the top of the first screen's scripts (Chromium 136+, so Edge and WebView2; a
 * plain comment elsewhere): their functions are compiled as the file streams in, off the main thread, instead of
 * one by one as the first render calls them. Chunks loaded on demand keep lazy compiling.
 */
function compileHints() {
  return {
    apply(compiler) {
      compiler.hooks.thisCompilation.tap('CompileHints', (compilation) => {
        compilation.hooks.processAssets.tap(
          // After minifying (which drops comments), before the content hashes and the compressed copies.
          { name: 'CompileHints', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING },
          () => {
            for (const file of firstScreenFiles(compilation, ['standalone', 'pane', 'theme']))
              compilation.updateAsset(
                file,
                (source) => new webpack.sources.ConcatSource('//# allFunctionsCalledOnLoad\n', source),
              );
          },
        );
      });
    },
  };
}

/**
 * Preloads in <head> for the chunks of the pane's first screen: standalone mode needs the "standalone" group,
 * Office the "pane" and "theme" groups and office.js (the test for `_host_Info` is host.ts's isHostedByOffice).
 * Without them the browser learns of them only once the first chunk has run: one more round trip, and the link
 * idle while the first chunk executes. The chunks both need are plain <link> tags, fetched as soon as the page's
 * head arrives; an inline script (ES5, like the old-host check) adds the ones of the mode it finds.
 */
function startPreloads(officeJsUrl) {
  return {
    apply(compiler) {
      compiler.hooks.compilation.tap('StartPreloads', (compilation) => {
        HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('StartPreloads', (data) => {
          // The first chunk is in the page itself (inlineEntry): only the others are preloaded.
          const inPage = entryFiles(compilation);
          const standalone = firstScreenFiles(compilation, ['standalone']).filter((f) => !inPage.includes(f));
          const office = [...firstScreenFiles(compilation, ['pane', 'theme']), officeJsUrl].filter(
            (f) => !inPage.includes(f),
          );
          const both = standalone.filter((f) => office.includes(f));
          const only = (list) => list.filter((f) => !both.includes(f));
          for (const href of both)
            data.headTags.push(
              HtmlWebpackPlugin.createHtmlTagObject('link', { rel: 'preload', as: 'script', href }, undefined, {
                plugin: 'StartPreloads',
              }),
            );
          const script =
            '(function(){var h=/(^|[?&#])_host_Info=/i;var office=h.test(location.search)||h.test(location.hash);' +
            `var files=office?${JSON.stringify(only(office))}:${JSON.stringify(only(standalone))};` +
            "for(var i=0;i<files.length;i++){var l=document.createElement('link');l.rel='preload';l.as='script';" +
            'l.href=files[i];document.head.appendChild(l);}})();';
          data.headTags.push(HtmlWebpackPlugin.createHtmlTagObject('script', {}, script, { plugin: 'StartPreloads' }));
          return data;
        });
      });
    },
  };
}

/** Where the licenses of the first chunk's libraries go once it is inline in the page. */
const PAGE_LICENSE = 'taskpane.LICENSE.txt';

/**
 * The first chunk inside the page (an inline script where its <script defer src> was): it arrives with the page
 * instead of one round trip later, and the preloaded chunks arrive while it streams in and runs. The page is
 * no-cache, but scripts/serve.js (like any static host) answers a revalidation with 304, so a repeat load still
 * costs one round trip, not the bytes; and the first chunk holds the runtime's list of chunk hashes, so it changed
 * with every build anyway. The separate file is not emitted: nothing loads it.
 */
function inlineEntry() {
  // The page holds an empty <script data-inline="file"> until the file is final: the page's own minifying step
  // would drop a comment inside it, and minify the first chunk a second time.
  const placeholder = /<script data-inline="?([^"\s>]+)"?><\/script>/;
  return {
    apply(compiler) {
      compiler.hooks.compilation.tap('InlineEntry', (compilation) => {
        HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('InlineEntry', (data) => {
          const inPage = entryFiles(compilation);
          data.bodyTags = data.bodyTags.map((tag) => {
            const src = tag.tagName === 'script' && tag.attributes.src;
            if (!src || !inPage.includes(src)) return tag;
            return HtmlWebpackPlugin.createHtmlTagObject('script', { 'data-inline': src }, '', {
              plugin: 'InlineEntry',
            });
          });
          return data;
        });
        compilation.hooks.processAssets.tap(
          // Once every other step has changed the file (the compile hint among them), before the content hashes
          // (which then cover the page's copy) and the compressed copies.
          { name: 'InlineEntry', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_HASH - 1 },
          () => {
            for (const file of entryFiles(compilation)) {
              const { source, info } = compilation.getAsset(file);
              let code = source.source().toString();
              // Its licenses stay, under the name the page's banner gives.
              const license = info.related?.license;
              if (license) {
                code = code.split(license).join(PAGE_LICENSE);
                compilation.emitAsset(PAGE_LICENSE, compilation.getAsset(license).source);
              }
              // Either would end the inline script early (or change how the page parses it).
              if (/<\/script|<!--/i.test(code))
                throw new Error(`${file} cannot be inlined: it holds "</script" or "<!--"`);
              compilation.updateAsset('taskpane.html', (page) => {
                const html = page.source().toString();
                if (placeholder.exec(html)?.[1] !== file) throw new Error(`taskpane.html has no place for ${file}`);
                return new webpack.sources.RawSource(html.replace(placeholder, () => `<script>${code}</script>`));
              });
              // Its other related files (a development build's source map) stay too.
              const related = Object.entries(info.related ?? {})
                .filter(([kind]) => kind !== 'license')
                .flatMap(([, names]) => [names].flat())
                .map((name) => [name, compilation.getAsset(name)?.source]);
              compilation.deleteAsset(file);
              for (const [name, kept] of related)
                if (kept && !compilation.getAsset(name)) compilation.emitAsset(name, kept);
            }
          },
        );
      });
    },
  };
}

module.exports = (_env = {}, argv = {}) => {
  const mode = argv.mode || (process.env.NODE_ENV === 'development' ? 'development' : 'production');
  const officeJsUrl = process.env.OFFICE_JS_URL || DEFAULT_OFFICE_JS_URL;
  return {
    mode,
    // The webpack runtime itself stays within what the oldest supported host parses.
    target: ['web', 'es2017'],
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: path.resolve(__dirname, 'dist/web'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      publicPath: '',
      clean: true,
    },
    devtool: mode === 'production' ? false : 'source-map',
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      alias: {
        // The browser bundle exceljs ships: no Node polyfills needed.
        exceljs$: require.resolve('exceljs/dist/exceljs.min.js'),
      },
      fallback: {
        assert: false,
        buffer: false,
        crypto: false,
        fs: false,
        os: false,
        path: false,
        stream: false,
        util: false,
        zlib: false,
      },
    },
    module: {
      noParse: /exceljs[\\/]dist[\\/]exceljs\.min\.js$/,
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: [
            babel(true),
            // Our makeStyles() as build output (class names and CSS), not worked out while the pane renders.
            path.join(__dirname, 'scripts/griffel-precompute-loader.js'),
            {
              loader: 'ts-loader',
              options: {
                transpileOnly: true,
                // ES modules so that import() becomes a separate chunk.
                compilerOptions: { module: 'esnext', sourceMap: mode !== 'production', noEmit: false },
              },
            },
          ],
        },
        {
          // Libraries ship ES2018+ too (exceljs's browser build has object spread, Fluent has ?.): lowered like
          // our own code. core-js is the polyfill itself.
          test: /\.m?js$/,
          include: /node_modules/,
          exclude: /node_modules[\\/]core-js[\\/]/,
          use: babel(false),
        },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({
        __OFFICE_JS_URL__: JSON.stringify(officeJsUrl),
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        templateContent: html,
        inject: 'body',
        scriptLoading: 'defer',
        chunks: ['taskpane'],
        minify: mode === 'production',
      }),
      // Precompressed copies that scripts/serve.js (or any static host) sends when the browser accepts them.
      new CompressionPlugin({
        filename: '[path][base].br',
        algorithm: 'brotliCompress',
        test: /\.(js|html|css|json|svg|ico)$/,
        compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
        threshold: 1024,
        minRatio: 0.9,
      }),
      new CompressionPlugin({
        filename: '[path][base].gz',
        algorithm: 'gzip',
        test: /\.(js|html|css|json|svg|ico)$/,
        compressionOptions: { level: 9 },
        threshold: 1024,
        minRatio: 0.9,
      }),
      // The chunks the first screen needs, fetched alongside the first chunk instead of after it has run.
      startPreloads(officeJsUrl),
      inlineEntry(),
      compileHints(),
      // Icons for the manifest, served next to the pane; favicon.ico from the 32 px icon.
      {
        apply(compiler) {
          compiler.hooks.thisCompilation.tap('CopyIcons', (compilation) => {
            compilation.hooks.processAssets.tap(
              { name: 'CopyIcons', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
              () => {
                const dir = path.resolve(__dirname, 'assets');
                if (!fs.existsSync(dir)) return;
                const favicon = path.join(dir, 'icon-32.png');
                if (fs.existsSync(favicon))
                  compilation.emitAsset(
                    'favicon.ico',
                    new webpack.sources.RawSource(icoFromPng(fs.readFileSync(favicon))),
                  );
                for (const file of fs.readdirSync(dir)) {
                  if (!file.endsWith('.png')) continue;
                  compilation.emitAsset(
                    `assets/${file}`,
                    new webpack.sources.RawSource(fs.readFileSync(path.join(dir, file))),
                  );
                }
              },
            );
          });
        },
      },
    ],
    performance: { hints: false },
    optimization: { splitChunks: { chunks: 'async' } },
  };
};
