export { spinBounds } from '../../bench/spinBench.js';
