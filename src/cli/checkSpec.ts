import { DEFAULT_CATALOG_BUDGET } from '../run/catalog.js';
import { defineCommand, type OptionValues } from './commandSpec.js';
import { CONFIG_HELP, STEP_TIMEOUT_OPTION } from './runControl.js';

/**
 * `check`'s one table, for plain check and `check --all` alike. It lives beside both (not in
 * commands/check.ts) because checkCatalog.ts reads the same values, and a shared table must not
 * make the two files import each other. "not with --all" in a help line is what `--all` refuses.
 */
export const checkSpec = defineCommand({
  name: 'check',
  summary: 'seeded random runs of models under fault profiles; violations are shrunk and written to --out',
  usage: ['MODEL...', '--model-file FILE', '--all'],
  options: {
    profile: { type: 'string', placeholder: 'P', help: 'run this fault profile only (see `leadercheck list`)', default: 'every profile' },
    nodes: { type: 'string', placeholder: 'N', help: 'nodes per run, 1 to 64; not with --all', default: '3' },
    runs: { type: 'string', placeholder: 'R', help: 'runs per model x profile; with --all, at most R per cell', default: `1000; with --all, ${DEFAULT_CATALOG_BUDGET.runsPerCell}` },
    seed: { type: 'string', placeholder: 'S', help: 'seed of the runs: run i uses the seed S/i', default: '1' },
    run: { type: 'string', placeholder: 'I', help: 'rerun run I of the seed alone (as a reproduce line does); not with --all' },
    out: { type: 'string', placeholder: 'DIR', help: 'directory for the summaries, junit.xml and <model>/<profile>/<property>.trace.json', default: 'reports' },
    property: { type: 'string', multiple: true, placeholder: 'NAME', help: 'check this property (repeat for more); not with --all', default: 'what the model promises' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'check the model this module exports, instead of naming one; not with --all' },
    shortest: { type: 'boolean', help: 'then search breadth first within the shrunk counterexample\'s own bounds for the shortest one (safety properties); not with --all' },
    config: { type: 'string', placeholder: 'JSON', help: `${CONFIG_HELP}; not with --all` },
    all: { type: 'boolean', help: 'check the whole catalog, every model x profile against its expected verdict' },
    budget: { type: 'string', placeholder: 'EVENTS', help: 'with --all only: at most EVENTS events per cell', default: String(DEFAULT_CATALOG_BUDGET.eventsPerCell) },
    workers: { type: 'string', placeholder: 'N', help: 'worker threads, 1 to 1024; results are the same for any N', default: 'one per core' },
    shard: { type: 'string', placeholder: 'K/N', help: 'run the K-th of N slices of the runs (or, with --all, of the cells); not with --run' },
    'step-timeout': STEP_TIMEOUT_OPTION,
    strategy: { type: 'string', placeholder: 'NAME', help: 'how runs are made: random, buggify (random timing, crashes aimed at the moment a node stores something), random+buggify (even runs random, odd runs buggify), pct (PCT priorities over the nodes) or mix (even runs random, odd runs PCT); not with --all (always random)', default: 'random+buggify' },
    depth: { type: 'string', placeholder: 'D', help: "PCT's bug depth: D - 1 priority change points per run; with --strategy pct; not with --all", default: '3' },
    'verify-determinism': { type: 'boolean', help: 'also replay every 10th passing run from boot (bridged models: on fresh processes) and fail on any divergence; not with --all' },
  },
  notes: [
    'Exit 0 when every verdict is the expected one (plain check: every property holds), 1 otherwise;',
    'combine the --out directories of --shard runs with `leadercheck merge`.',
  ],
});

/** The values of `check`'s command line, as plain check and `check --all` read them. */
export type CheckValues = OptionValues<typeof checkSpec.options>;
