/** The public API: the model interface for users' own protocols, and the harness as a library. */
export type * from './protocol.js';
export type { World, WorldEvent, Outcome, System } from './world/types.js';
export { apply, boot, createSystem } from './world/world.js';
export { replay } from './trace/replay.js';
export { decodeTrace } from './trace/decode.js';
export { encodeTrace, TRACE_FORMAT, type Trace, type TraceEvent } from './trace/format.js';
export { checkModel, type CheckOptions, type CheckResult } from './check/check.js';
export { Monitor, type Violation } from './check/monitor.js';
export { profiles, findProfile, type FaultProfile } from './schedule/profiles.js';
export { builtinModels } from '../models/index.js';
export { allProperties } from '../properties/index.js';
