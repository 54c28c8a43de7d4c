import type { SheetPlan, WorkbookPlan } from '../domain/layout';
import { snapshotCell, type WorkbookSnapshot } from '../office/port';

/** Where the planned sheets go in a workbook that may already hold the user's own sheets of those names. */

/** Excel's limit on a sheet name. */
const MAX_SHEET_NAME = 31;

function suffixed(base: string, n: number): string {
  const tag = n === 1 ? ' (CCHC)' : ` (CCHC ${n})`;
  return `${base.slice(0, MAX_SHEET_NAME - tag.length)}${tag}`;
}

function isMetaGrid(snapshot: WorkbookSnapshot, sheet: string): boolean {
  const a1 = snapshotCell(snapshot, sheet, 'A1');
  return a1?.value === 'cchc-layout';
}

/**
 * Where each planned sheet goes: the add-in's own sheet when the workbook has one (found by
 * its defined names, so a renamed or suffixed sheet is reused), else the canonical name, else
 * a suffixed name when the user's own sheet already has it.
 */
export function chooseSheetNames(plan: WorkbookPlan, snapshot: WorkbookSnapshot): Map<string, string> {
  const lower = (s: string) => s.toLowerCase();
  const taken = new Set(snapshot.sheets.map(lower));
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const sheet of plan.sheets) {
    let owner: string | undefined;
    if (sheet.role === 'meta') {
      owner = snapshot.sheets.find((s) => lower(s) === lower(sheet.name) && isMetaGrid(snapshot, s));
    } else {
      for (const input of plan.inputs) {
        if (input.sheet !== sheet.name) continue;
        const at = snapshot.names[input.name];
        if (at && snapshot.sheets.some((s) => s === at.sheet)) {
          owner = at.sheet;
          break;
        }
      }
    }
    let actual: string;
    if (owner && !used.has(lower(owner))) actual = owner;
    else {
      actual = sheet.name;
      for (let n = 1; taken.has(lower(actual)) || used.has(lower(actual)); n++) actual = suffixed(sheet.name, n);
    }
    used.add(lower(actual));
    out.set(sheet.name, actual);
  }
  return out;
}

/** The plan with its sheets renamed (formulas use defined names, so they do not change). */
export function renamePlanSheets(plan: WorkbookPlan, names: Map<string, string>): WorkbookPlan {
  const to = (s: string) => names.get(s) ?? s;
  return {
    ...plan,
    sheets: plan.sheets.map((s): SheetPlan => ({ ...s, name: to(s.name) })),
    inputs: plan.inputs.map((i) => ({ ...i, sheet: to(i.sheet) })),
    computed: plan.computed.map((c) => ({ ...c, sheet: to(c.sheet) })),
  };
}
