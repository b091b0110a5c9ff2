export { electionProperty, type ElectionPropertyOptions } from './electionProperty.js';
export { faultsArbitrary, NO_FAULTS, type FaultBudget } from './faultsArbitrary.js';
export { enabledEvents, runSchedule, type Schedule, type ScheduleRun } from './runSchedule.js';
export { scheduleArbitrary, type ScheduleArbitraryOptions } from './scheduleArbitrary.js';
