export { shrinkTrace, type ShrinkOptions, type ShrinkResult } from './shrinkTrace.js';
export { promisesSynchrony } from './timing.js';
