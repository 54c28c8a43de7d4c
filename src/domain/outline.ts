/** The narrative report's outline, from the wording data (de-cuong.tsv); the unit's own text is kept per section. */
import { wordingFor, type OutlineSection } from './report/wording';

export type { OutlineSection } from './report/wording';

export const OUTLINE: OutlineSection[] = wordingFor().outline;
