/**
 * Requests to a Web Worker, each answered by the message carrying its id. `null` stands for "no
 * worker": none could be made (an old host, a test without workers), posting failed (data it
 * cannot take), or the worker died (its chunk missing); the caller then does the work on the page.
 */
export function workerChannel<Request extends object, Reply>(
  make: () => Worker | Promise<Worker>,
): (request: Request, transfer?: Transferable[]) => Promise<Reply | null> {
  let worker: Worker | null | undefined;
  let nextId = 1;
  const waiting = new Map<number, (reply: Reply | null) => void>();
  const start = async (): Promise<Worker | null> => {
    if (worker !== undefined) return worker;
    worker = null;
    if (typeof Worker === 'undefined') return null;
    try {
      worker = await make();
    } catch {
      return null;
    }
    worker.onmessage = (e: MessageEvent<{ id: number; reply: Reply }>) => {
      waiting.get(e.data.id)?.(e.data.reply);
      waiting.delete(e.data.id);
    };
    worker.onerror = () => {
      for (const done of waiting.values()) done(null);
      waiting.clear();
      worker?.terminate();
      // The next request tries a new worker.
      worker = undefined;
    };
    return worker;
  };
  return async (request, transfer = []) => {
    const w = await start();
    if (!w) return null;
    const id = nextId++;
    return new Promise<Reply | null>((resolve) => {
      waiting.set(id, resolve);
      try {
        w.postMessage({ id, ...request }, transfer);
      } catch {
        waiting.delete(id);
        resolve(null);
      }
    });
  };
}

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id: number }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * The worker's side of the channel: each request answered in turn by `answer`, with what its reply may
 * hand over (`transfer`). Does nothing outside a worker (no document, importScripts present), so the
 * module that calls it can also be used on the page.
 */
export function answerInWorker<Request extends object, Reply>(
  answer: (request: Request) => Reply | Promise<Reply>,
  transfer: (reply: Reply) => Transferable[] = () => [],
): void {
  const scope = globalThis as unknown as Partial<WorkerScope> & { document?: unknown; importScripts?: unknown };
  if (typeof scope.importScripts !== 'function' || scope.document !== undefined) return;
  const worker = scope as WorkerScope;
  worker.onmessage = (e) => {
    const { id, ...request } = e.data;
    void Promise.resolve(answer(request as unknown as Request)).then((reply) =>
      worker.postMessage({ id, reply }, transfer(reply)),
    );
  };
}
