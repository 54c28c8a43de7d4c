// Webpack loader: our makeStyles() calls become Griffel's __styles() with the class names and CSS worked out at
// build time, as Fluent's own packages ship them. Without it Griffel turns every style object into CSS (stylis,
// hashing) while the first screen renders: ~0.1 s at CPU 4×. Runs on ts-loader's output (ES modules, JSX done).
// A style object that needs more than literals and Fluent's `tokens` is left to the runtime, unchanged.
'use strict';
const acorn = require('acorn');
const { resolveStyleRulesForSlots } = require('@griffel/core');
const { tokens } = require('@fluentui/tokens');

/** The style object of a makeStyles call, evaluated with only `tokens` in scope; null if it needs more. */
function evaluate(source) {
  try {
    const value = new Function('tokens', `"use strict"; return (${source});`)(tokens);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function calls(ast) {
  const found = [];
  const walk = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (
      node.type === 'CallExpression' &&
      node.callee.type === 'Identifier' &&
      node.callee.name === 'makeStyles' &&
      node.arguments.length === 1 &&
      node.arguments[0].type === 'ObjectExpression'
    ) {
      found.push(node);
      return;
    }
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (Array.isArray(child)) child.forEach(walk);
      else if (child && typeof child.type === 'string') walk(child);
    }
  };
  walk(ast);
  return found;
}

module.exports = function griffelPrecompute(source) {
  if (!source.includes('makeStyles')) return source;
  const ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  const edits = [];
  for (const call of calls(ast)) {
    const arg = call.arguments[0];
    const styles = evaluate(source.slice(arg.start, arg.end));
    if (!styles) continue;
    // The salt is the renderer's classNameHashSalt: FluentProvider's default renderer has none.
    const [classes, rules] = resolveStyleRulesForSlots(styles, '');
    edits.push({
      start: call.start,
      end: call.end,
      text: `__styles(${JSON.stringify(classes)}, ${JSON.stringify(rules)})`,
    });
  }
  if (!edits.length) return source;
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return `import { __styles } from '@fluentui/react-components';\n${out}`;
};
