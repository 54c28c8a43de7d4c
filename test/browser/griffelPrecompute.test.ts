import { __styles, makeStyles } from '@griffel/core';
import { tokens } from '@fluentui/tokens';

// The build's loader (CommonJS, no types).
const precompute = require('../../scripts/griffel-precompute-loader.js') as (source: string) => string;

/** A renderer that records what Griffel would insert into the page. */
function recorder() {
  const inserted: unknown[] = [];
  return {
    inserted,
    renderer: { id: `r${Math.random()}`, classNameHashSalt: '', insertCSSRules: (r: unknown) => inserted.push(r) },
  };
}

const SOURCE = `import { makeStyles, tokens } from '@fluentui/react-components';
export const useStyles = makeStyles({
  pane: { display: 'flex', gap: tokens.spacingVerticalM, borderLeft: \`1px solid \${tokens.colorNeutralStroke2}\` },
  side: { ':hover': { color: tokens.colorNeutralForeground2 }, '@media (max-width: 800px)': { flexDirection: 'column' } },
});
export const useOther = makeStyles({ x: { color: someVariable } });
`;

test("the build's Griffel step gives our makeStyles the class names and CSS the runtime would make, and leaves what it cannot evaluate", () => {
  const out = precompute(SOURCE);
  expect(out).toMatch(/^import \{ __styles \} from '@fluentui\/react-components';/);
  expect(out).toContain('export const useStyles = __styles(');
  expect(out).toContain('export const useOther = makeStyles({ x: { color: someVariable } })');
  const literal = /useStyles = (__styles\([\s\S]*?\));\nexport const useOther/.exec(out)![1];
  const built = new Function('__styles', `return ${literal};`)(__styles) as ReturnType<typeof makeStyles>;
  const styles = {
    pane: { display: 'flex', gap: tokens.spacingVerticalM, borderLeft: `1px solid ${tokens.colorNeutralStroke2}` },
    side: {
      ':hover': { color: tokens.colorNeutralForeground2 },
      '@media (max-width: 800px)': { flexDirection: 'column' },
    },
  } as const;
  const runtime = makeStyles(styles as never);
  for (const dir of ['ltr', 'rtl'] as const) {
    const a = recorder();
    const b = recorder();
    expect(built({ dir, renderer: a.renderer as never })).toEqual(runtime({ dir, renderer: b.renderer as never }));
    expect(a.inserted).toEqual(b.inserted);
    expect(a.inserted.length).toBe(1);
  }
});
