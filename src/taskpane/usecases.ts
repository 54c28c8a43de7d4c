/**
 * What the pane does, against a workbook port: inject the forms, check everything, and
 * re-check on every edit. No React, no Office here, so both ports and the tests share it.
 * The work lives in the modules below; this one keeps the names the pane and the tests import.
 */
export { chooseSheetNames, renamePlanSheets } from './sheetNames';
export { readContext } from './formsReading';
export {
  attachLiveValidation,
  checkAll,
  onEdit,
  type CheckOptions,
  type CheckResult,
  type LiveValidation,
} from './liveCheck';
export { injectForms, previewInjection, type InjectionPreview, type InjectResult } from './injection';
