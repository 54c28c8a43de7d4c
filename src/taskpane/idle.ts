/**
 * Runs `fn` once the page has painted, `afterMs` more have passed and the main thread is idle: work the first
 * screen does not need (the checks, the workbook engine) must not stand between the user and a clickable pane.
 * Returns a cancel function.
 */
export function whenIdle(fn: () => void, afterMs = 0): () => void {
  const w = window as Window & {
    requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number;
    cancelIdleCallback?: (id: number) => void;
  };
  let cancelled = false;
  let cancelStep = () => {};
  const run = () => {
    if (!cancelled) fn();
  };
  const idle = () => {
    if (cancelled) return;
    // Safari 12 and EdgeHTML have no requestIdleCallback: a short timer instead.
    if (w.requestIdleCallback) {
      const id = w.requestIdleCallback(run, { timeout: 2000 });
      cancelStep = () => w.cancelIdleCallback?.(id);
    } else {
      const id = window.setTimeout(run, 50);
      cancelStep = () => window.clearTimeout(id);
    }
  };
  const later = () => {
    const id = window.setTimeout(idle, afterMs);
    cancelStep = () => window.clearTimeout(id);
  };
  // A frame first: an idle period before the first paint would come too early.
  if (typeof window.requestAnimationFrame === 'function') {
    const id = window.requestAnimationFrame(later);
    cancelStep = () => window.cancelAnimationFrame(id);
  } else {
    later();
  }
  return () => {
    cancelled = true;
    cancelStep();
  };
}
