/** leadercheck's library entry: the model interface, the world, checking, replay, shrinking and the fast-check API. */
export type * from './shared/protocol.js';
export type { EventKind, InFlight, NodeSlot, Outcome, PendingTimer, System, World, WorldEvent } from './shared/world.js';
export { apply, boot, connected, createSystem, delayRange, findMessage } from './world/world.js';
export { deliverable, progressEvents, quiescent } from './world/enabled.js';
export { ModelError, NotEnabledError } from './shared/errors.js';
export { Monitor, type MonitorState, type Stabilization, type Violation } from './judge/monitor.js';
export { checkModel, type CheckOptions, type CheckProgress, type CheckResult, type FoundViolation } from './run/check.js';
export { reportCheck, type CheckReport } from './report/checkReport.js';
export { profiles, findProfile, type FaultProfile } from './schedule/profiles.js';
export { STRATEGY_NAMES, type StrategySpec, type StrategyName } from './schedule/strategy.js';
export { decodeTrace } from './trace/decode.js';
export { encodeTrace, TRACE_FORMAT, type MessageSelector, type Trace, type TraceEvent } from './trace/format.js';
export { replay, traceProperties, type ReplayResult, type ReplayStep } from './trace/replay.js';
export { shrinkTrace, type ShrinkOptions, type ShrinkResult } from './shrink/index.js';
export * from './arbitraries/index.js';
export { builtinModels, findBuiltinModel } from '../models/index.js';
export { allProperties } from '../properties/index.js';
export { installBridge } from './bridge/install.js';
import { installBridge } from './bridge/install.js';

installBridge();
