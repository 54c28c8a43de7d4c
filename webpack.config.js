// Web build of the task pane: dist/web/taskpane.html and its chunks.
// Build settings (environment): OFFICE_JS_URL (where office.js is loaded from when hosted by Office).
// exceljs (and later docx) are loaded on demand with import(), never in the first chunk.
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const DEFAULT_OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

const html = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Báo cáo cải cách hành chính</title>
    <style>html, body { margin: 0; padding: 0; } body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }</style>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

module.exports = (_env = {}, argv = {}) => {
  const mode = argv.mode || (process.env.NODE_ENV === 'development' ? 'development' : 'production');
  const officeJsUrl = process.env.OFFICE_JS_URL || DEFAULT_OFFICE_JS_URL;
  return {
    mode,
    target: 'web',
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
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            // ES modules so that import() becomes a separate chunk.
            compilerOptions: { module: 'esnext', sourceMap: mode !== 'production', noEmit: false },
          },
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
      // Icons for the manifest, served next to the pane.
      {
        apply(compiler) {
          compiler.hooks.thisCompilation.tap('CopyIcons', (compilation) => {
            compilation.hooks.processAssets.tap(
              { name: 'CopyIcons', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
              () => {
                const fs = require('fs');
                const dir = path.resolve(__dirname, 'assets');
                if (!fs.existsSync(dir)) return;
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
