import { findProperty } from '../../../properties/index.js';
import { ExplorerSession } from '../../explorer/session.js';
import { type ExplorerApp, startExplorer } from '../../explorer/server.js';
import { resolveModel } from '../../model/load.js';
import { terminalText } from '../../report/escape.js';
import { InputError } from '../../shared/errors.js';
import type { PropertyName } from '../../shared/protocol.js';
import { intOption, parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { loadTrace } from '../loadTrace.js';
import { INTERRUPTED_EXIT, interruptOnSigint } from '../runControl.js';

const NODES_DEFAULT = 3;
/** A port few other tools take by default; --port 0 lets the system pick a free one. */
export const EXPLORER_PORT_DEFAULT = 7357;

export const explorerSpec = defineCommand({
  name: 'explorer',
  summary: 'a local web page where you walk a model by hand: pick each event, undo, watch the properties, save the trace',
  usage: ['MODEL', '--model-file FILE', '--trace TRACE'],
  options: {
    nodes: { type: 'string', placeholder: 'N', help: 'nodes, 1 to 8 (a loaded trace brings its own)', default: String(NODES_DEFAULT) },
    port: { type: 'string', placeholder: 'P', help: 'listen on 127.0.0.1:P; 0 picks a free port', default: String(EXPLORER_PORT_DEFAULT) },
    trace: { type: 'string', placeholder: 'FILE', help: 'start on this trace (its model, nodes, config and properties), at its last step' },
    property: { type: 'string', multiple: true, placeholder: 'NAME', help: 'judge this property (repeat for more)', default: 'what the model promises, or what the trace checked' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'explore the model this module exports, instead of naming one' },
  },
  notes: [
    'It listens on 127.0.0.1 only and answers only requests whose Host is localhost, 127.0.0.1 or [::1] with its port.',
    'It prints its URL on one line and runs until Ctrl-C, which stops it and exits 130.',
    'The model runs in the explorer\'s own thread: a model call that never returns stops the page too.',
  ],
});

export async function explorerCommand(argv: string[]): Promise<number> {
  const { app, port } = await explorerSetup(argv);
  const server = await startExplorer(app, port);
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const sigint = interruptOnSigint(() => server.close().then(stopped), 'explorer stopped');
  process.stdout.write(`${terminalText(`explorer ${app.protocol.name}, ${app.session.system.nodes} nodes: ${server.url}`)}\n`);
  await done;
  sigint.dispose();
  return INTERRUPTED_EXIT;
}

/**
 * Everything the command line asks for, read before anything listens: the model, the first
 * session and the port. Every problem is one InputError line (a model that fails at boot, a
 * ModelError).
 */
export async function explorerSetup(argv: string[]): Promise<{ app: ExplorerApp; port: number }> {
  const { values } = parse(explorerSpec, argv);
  const port = intOption('port', values.port, EXPLORER_PORT_DEFAULT, 0, 65535);
  return { app: await explorerApp(argv), port };
}

/** The model and the first session the command line asks for. */
export async function explorerApp(argv: string[]): Promise<ExplorerApp> {
  const { values, positionals } = parse(explorerSpec, argv);
  if (positionals.length > 1) throw new InputError('explorer: give one model (see `leadercheck list`)');
  const modelFile = values['model-file'];
  const tracePath = values.trace;
  if (tracePath !== undefined) {
    if (values.nodes !== undefined) throw new InputError('explorer: --trace brings its own node count; leave out --nodes');
    const { trace, protocol } = await loadTrace(tracePath, modelFile);
    if (positionals[0] !== undefined && positionals[0] !== protocol.name) {
      throw new InputError(`explorer: ${tracePath} is a trace of "${protocol.name}", not "${positionals[0]}"`);
    }
    const withProperties = values.property === undefined ? trace : { ...trace, properties: values.property.map(propertyNamed) };
    return { protocol, ...(modelFile === undefined ? {} : { modelFile }), session: ExplorerSession.ofTrace(withProperties, protocol, modelFile, tracePath) };
  }
  if (positionals.length === 0 && modelFile === undefined) throw new InputError('explorer: name a model (see `leadercheck list`), or give --model-file or --trace');
  const protocol = await resolveModel(positionals[0], modelFile);
  const nodes = intOption('nodes', values.nodes, NODES_DEFAULT, 1, 8);
  const properties = values.property?.map(propertyNamed) ?? [...protocol.promises];
  const session = new ExplorerSession({ protocol, ...(modelFile === undefined ? {} : { modelFile }), nodes, properties });
  return { protocol, ...(modelFile === undefined ? {} : { modelFile }), session };
}

function propertyNamed(name: string): PropertyName {
  const property = findProperty(name);
  if (property === undefined) throw new InputError(`unknown property "${name}"; see \`leadercheck list\``);
  return property.name;
}
