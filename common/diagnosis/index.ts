/** The failure classifier: signatures as data, a pure matcher, and the fixes they offer. */
export { classify, MAX_LINES } from './matcher';
export { FIXES, renderFix, type FixId, type FixDefinition } from './fixes';
export { SIGNATURES } from './signatures';
export type { Signature } from './signature';
