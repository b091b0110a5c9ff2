import type { Property } from '../../properties/types.js';
import type { World } from '../shared/world.js';
import { LassoTable } from './lasso.js';
import { Monitor, type MonitorState, type Violation } from './monitor.js';

/** A MonitorState that also holds one monitor state per property. */
export interface PerPropertyState extends MonitorState {
  readonly parts: readonly MonitorState[];
}

/**
 * Judges each property on its own, so one run can violate several: a Monitor reports the first
 * violation only, but a catalog cell wants a verdict per property. The run stops (its `violation`
 * is set) only once every property is violated; liveness parts are done once satisfied or violated.
 * Each part sees exactly what a one-property Monitor sees, so a part's violation replays alone.
 */
export class PerPropertyMonitor {
  private readonly parts: Monitor[];
  /** Which parts judge liveness (Monitor.checksLiveness, read once). */
  private readonly liveParts: boolean[];
  readonly checksLiveness: boolean;

  constructor(
    readonly properties: readonly Property[],
    boundTicks: number,
  ) {
    this.parts = properties.map((p) => new Monitor([p], boundTicks));
    this.liveParts = this.parts.map((m) => m.checksLiveness);
    this.checksLiveness = this.liveParts.some((live) => live);
  }

  /** The first violation of each property, in the properties' order (null: not violated). */
  violations(state: MonitorState): (Violation | null)[] {
    return (state as PerPropertyState).parts.map((part) => part.violation);
  }

  start(world: World): PerPropertyState {
    return this.combine(this.parts.map((m) => m.start(world)));
  }

  observe(state: MonitorState, world: World, step: number): PerPropertyState {
    // The path every event takes: a loop that copies the parts only once one changed, no closure.
    const parts = (state as PerPropertyState).parts;
    let next: MonitorState[] | null = null;
    for (let i = 0; i < parts.length; i++) {
      const after = this.parts[i].observe(parts[i], world, step);
      if (after === parts[i]) continue;
      next ??= parts.slice();
      next[i] = after;
    }
    return next === null ? (state as PerPropertyState) : this.combine(next);
  }

  stabilize(state: MonitorState, world: World, step: number, stableDelayTicks?: readonly [number, number]): PerPropertyState {
    // One lasso table for every liveness part: they visit the same worlds in the same order (lasso.ts lastVisit).
    const shared = this.checksLiveness ? new LassoTable(world, stableDelayTicks) : undefined;
    return this.each(state, (m, part) => m.stabilize(part, world, step, stableDelayTicks, shared));
  }

  finish(state: MonitorState, world: World, step: number): PerPropertyState {
    return this.each(state, (m, part) => m.finish(part, world, step));
  }

  private each(state: MonitorState, next: (m: Monitor, part: MonitorState) => MonitorState): PerPropertyState {
    const parts = (state as PerPropertyState).parts;
    let changed = false;
    const nextParts = parts.map((part, i) => {
      const after = next(this.parts[i], part);
      if (after !== part) changed = true;
      return after;
    });
    return changed ? this.combine(nextParts) : (state as PerPropertyState);
  }

  /** The whole from its parts; plain loops, as a part changes on most events. */
  private combine(parts: readonly MonitorState[]): PerPropertyState {
    let all = true;
    let liveDone = true;
    let stableSince: number | null = null;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.violation === null) all = false;
      if (this.liveParts[i] && !part.liveSatisfied && part.violation === null) liveDone = false;
      if (stableSince === null && part.stableSince !== null) stableSince = part.stableSince;
    }
    return {
      memos: NO_MEMOS,
      violation: all ? parts[0].violation : null,
      stableSince,
      liveSatisfied: this.checksLiveness && liveDone,
      parts,
    };
  }
}

/** The whole's own memos: none (each part keeps its own); shared, never written. */
const NO_MEMOS: readonly unknown[] = [];
