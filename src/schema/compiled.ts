import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ValidateFunction } from 'ajv';
import { SCHEMA_FILES, schemaDocument, type SchemaName } from './schemas.js';

let ajv: AjvInstance | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

/**
 * The compiled validator of a schema. Ajv is loaded, and each schema compiled, the first time a
 * file of that format is read, so commands that read none (check, list) pay nothing at startup.
 */
export function validatorFor(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    const instance = (ajv ??= createAjv());
    validate = instance.getSchema(schemaDocument(name).$id);
    if (validate === undefined) throw new Error(`${SCHEMA_FILES[name]} did not compile`);
    validators.set(name, validate);
  }
  return validate;
}

/** The compiled validator of one definition of a schema (`#/definitions/<definition>`), compiled once. */
export function definitionValidator(name: SchemaName, definition: string): ValidateFunction {
  const key = `${name}#${definition}`;
  let validate = definitionValidators.get(key);
  if (validate === undefined) {
    validatorFor(name);
    validate = ajv!.getSchema(`${schemaDocument(name).$id}#/definitions/${definition}`);
    if (validate === undefined) throw new Error(`${SCHEMA_FILES[name]} has no definition ${definition}`);
    definitionValidators.set(key, validate);
  }
  return validate;
}

const definitionValidators = new Map<string, ValidateFunction>();

function createAjv(): AjvInstance {
  // ajv is CommonJS: require() loads it synchronously, and only here.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  // verbose: errors carry the failing value and schema, for lines like "must be an integer >= 1, got 0".
  // The schemas are checked against the draft-07 meta-schema by the tests (schema.test.ts), not on
  // every start: compiling the meta-schema would double the cost of the first read.
  const instance = new Ajv({ allErrors: false, verbose: true, strict: true, strictRequired: false, validateSchema: false });
  // Every schema is added (not compiled) so one may $ref another: cells.json refers to a coverage record.
  for (const name of Object.keys(SCHEMA_FILES) as SchemaName[]) instance.addSchema(schemaDocument(name));
  return instance;
}
