/** The consolidated workbook's worker (a module of its own: only webpack resolves `import.meta.url`). */
export function newConsolidationWorker(): Worker {
  // @ts-expect-error TS1343: webpack builds this file as an ES module (import.meta); tsc checks it as CommonJS.
  return new Worker(new URL('./consolidationWorkbook.worker.ts', import.meta.url));
}
