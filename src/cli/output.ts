import { promises as fs } from 'fs';
import * as path from 'path';

/** Exit codes of every command: 0 ok, 1 errors found, 2 could not run. */
export const EXIT = { ok: 0, findings: 1, unreadable: 2 } as const;

export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.unreadable,
  ) {
    super(message);
  }
}

/** Writes through a temporary file and a rename, so a failure never leaves a partial output. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'thư mục không tồn tại'
        : code === 'EACCES' || code === 'EPERM'
          ? 'không có quyền ghi'
          : (e as Error).message;
    throw new CliFailure(`Không ghi được tệp ${file}: ${why}.`);
  }
}
