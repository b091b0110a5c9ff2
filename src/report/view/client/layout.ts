import type { ViewData, ViewMessage } from './viewData.js';

/**
 * Where everything of the space-time diagram goes, computed once per data: x by step (not by
 * time, so simultaneous events stay apart), one lane per node. Each item knows the steps it spans,
 * so the diagram can draw only the items in view (a 1,000-event trace draws about 40 steps' worth).
 */
export interface DiagramLayout {
  /** Pixels per step: wider when few steps would leave the view mostly empty. */
  stepWidth: number;
  /** The x of a step's column centre. */
  x(step: number): number;
  laneHeight: number;
  top: number;
  width: number;
  height: number;
  lastStep: number;
  /** Runs of constant (up, role, term) per node: steps [from, to]. */
  segments: LaneSegment[];
  /** Runs of steps with the network partitioned the same way. */
  partitions: { from: number; to: number; groups: number[][] }[];
  /** Messages with the steps they span, in id order. */
  arrows: { message: ViewMessage; from: number; to: number }[];
}

export interface LaneSegment {
  node: number;
  from: number;
  to: number;
  up: boolean;
  role: string | null;
  term: number | null;
}

export const STEP_WIDTH_MIN = 36;
export const STEP_WIDTH_MAX = 120;
export const LANE_HEIGHT = 64;
export const AXIS_HEIGHT = 44;
/** Room after the last step for the violation's label. */
const END_MARGIN = 200;

/** The y of node n's lane. */
export function laneY(node: number): number {
  return AXIS_HEIGHT + LANE_HEIGHT / 2 + (node - 1) * LANE_HEIGHT;
}

/** The layout of `data` for a view `viewWidth` pixels wide. */
export function layoutOf(data: ViewData, viewWidth: number): DiagramLayout {
  const lastStep = data.steps.length - 1;
  const stepWidth = Math.max(STEP_WIDTH_MIN, Math.min(STEP_WIDTH_MAX, Math.floor((viewWidth - END_MARGIN) / (lastStep + 1))));
  const x = (step: number): number => stepWidth / 2 + step * stepWidth;
  const segments: LaneSegment[] = [];
  for (let node = 1; node <= data.nodes; node++) {
    let open: LaneSegment | null = null;
    for (const step of data.steps) {
      const s = data.snapshots[step.nodes[node - 1]];
      if (open !== null && open.up === s.up && open.role === s.role && open.term === s.term) open.to = step.index;
      else {
        open = { node, from: step.index, to: step.index, up: s.up, role: s.role, term: s.term };
        segments.push(open);
      }
    }
  }
  const partitions: DiagramLayout['partitions'] = [];
  let last: string | null = null;
  for (const step of data.steps) {
    const key = step.partition === null ? null : JSON.stringify(step.partition);
    if (key !== null && key === last) partitions[partitions.length - 1].to = step.index;
    else if (key !== null) partitions.push({ from: step.index, to: step.index, groups: step.partition! });
    last = key;
  }
  const arrows = data.messages.map((message) => ({
    message,
    from: message.sentStep,
    // A message still in flight at the end is drawn as a stub one step long.
    to: message.end?.step ?? Math.min(lastStep + 1, message.sentStep + 1),
  }));
  return {
    stepWidth,
    x,
    laneHeight: LANE_HEIGHT,
    top: AXIS_HEIGHT,
    width: x(lastStep + 1) + END_MARGIN,
    height: laneY(data.nodes) + LANE_HEIGHT / 2 + 8,
    lastStep,
    segments,
    partitions,
    arrows,
  };
}

/** Short role names for lane labels: `L2` leader in term 2, `C3`, `F1`, `down`. */
export function roleShort(role: string | null, term: number | null, up: boolean): string {
  if (!up) return 'down';
  const r = role === 'leader' ? 'L' : role === 'candidate' ? 'C' : role === 'follower' ? 'F' : (role ?? '?');
  return `${r}${term ?? ''}`;
}

/** The colour class of a role: the three Raft roles, anything else a model names is `other`. */
export function roleClass(role: string | null, up: boolean): string {
  if (!up) return 'role-down';
  return role === 'leader' || role === 'candidate' || role === 'follower' ? `role-${role}` : 'role-other';
}
