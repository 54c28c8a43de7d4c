import { catalog2024 } from './data/v2024';
import { CatalogError, loadCatalog, type CatalogSource } from './load';
import type { Catalog } from './types';

export * from './types';
export { CatalogError, codeOfKey, formLabel, formOfKey, keyOf, loadCatalog, type CatalogSource } from './load';

/** Catalog versions shipped with the product. A new version is one data file and one line here. */
const SOURCES: Record<string, CatalogSource> = {
  [catalog2024.id]: catalog2024,
};

export const DEFAULT_CATALOG_ID = '2024';

const cache = new Map<string, Catalog>();

export function catalogIds(): string[] {
  return Object.keys(SOURCES);
}

export function getCatalog(id: string = DEFAULT_CATALOG_ID): Catalog {
  let catalog = cache.get(id);
  if (!catalog) {
    const source = SOURCES[id];
    if (!source) throw new CatalogError(`Không có danh mục phiên bản "${id}" (có: ${catalogIds().join(', ')})`);
    catalog = loadCatalog(source);
    cache.set(id, catalog);
  }
  return catalog;
}

/** Registers a catalog given as data (e.g. a province's own TSVs loaded by the CLI). */
export function registerCatalog(source: CatalogSource): Catalog {
  const catalog = loadCatalog(source);
  SOURCES[source.id] = source;
  cache.set(source.id, catalog);
  return catalog;
}
