import { TextDecoder, TextEncoder } from 'util';

/** Browsers have TextEncoder and TextDecoder; jsdom does not, and docx and the zip reader need them. */
if (typeof globalThis.TextEncoder === 'undefined') Object.assign(globalThis, { TextEncoder, TextDecoder });
