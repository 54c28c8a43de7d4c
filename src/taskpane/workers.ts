// The pane's Web Workers, each a module of its own: only webpack resolves `import.meta.url`.

/** The consolidated workbook's worker. */
export function newConsolidationWorker(): Worker {
  return new Worker(
    // @ts-expect-error TS1343: webpack builds this file as an ES module (import.meta); tsc checks it as CommonJS.
    /* webpackChunkName: "consolidation-worker" */ new URL('./consolidationWorkbook.worker.ts', import.meta.url),
  );
}

/** The worker that reads the units' files of an import. */
export function newImportReadingWorker(): Worker {
  return new Worker(
    // @ts-expect-error TS1343: webpack builds this file as an ES module (import.meta); tsc checks it as CommonJS.
    /* webpackChunkName: "import-reading-worker" */ new URL('./importReading.worker.ts', import.meta.url),
  );
}
