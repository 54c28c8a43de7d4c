// A reading thread of `cchc consolidate` (see readUnits.ts): reads the files it is given, one at a time,
// and answers each with what the command keeps of it.
import { parentPort, workerData } from 'worker_threads';
import { resolveCatalog, type CatalogOptions } from './commands';
import { readUnitFile, type ReadWorkerAnswer, type ReadWorkerRequest } from './readUnits';

const port = parentPort!;
const catalog = resolveCatalog(workerData as CatalogOptions);
port.on('message', (m: ReadWorkerRequest) => {
  void catalog
    .then((c) => readUnitFile(m.file, c))
    .then((read) => port.postMessage({ id: m.id, read } satisfies ReadWorkerAnswer))
    .catch((e: unknown) => {
      // Nothing is answered: the thread stops and the command reads its files itself.
      throw e;
    });
});
