// A reading thread of `cchc consolidate` (see readUnits.ts): reads the files it is given, one at a time,
// and answers each with what the command keeps of it.
import { parentPort, workerData } from 'worker_threads';
import { resolveCatalog, type CatalogOptions } from './commands';
import { answerOf, readUnitFile, type ReadWorkerRequest } from './readUnits';

const port = parentPort!;
const catalog = resolveCatalog(workerData as CatalogOptions);
port.on('message', (m: ReadWorkerRequest) => {
  void catalog
    .then(async (c) => port.postMessage(answerOf(m.id, await readUnitFile(m.file, c), c)))
    .catch((e: unknown) => {
      // Nothing is answered: the thread stops and the command reads its files itself.
      throw e;
    });
});
