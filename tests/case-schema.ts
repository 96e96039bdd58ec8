import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The CASE 1.1 payload classes of tests/fixtures/case-1.1.schema.json. */
export type CasePayload =
  | 'package'
  | 'documentSet'
  | 'document'
  | 'item'
  | 'association'
  | 'associationSet'
  | 'itemTypeSet'
  | 'license'
  | 'grouping'
  | 'statusInfo';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/case-1.1.schema.json'), 'utf8'));
ajv.addSchema(schema);
const compiled = new Map<CasePayload, ValidateFunction>();

/** Validates one payload against its class; returns ajv's errors as text, or null when it is valid. */
export function caseErrors(payload: CasePayload, value: unknown): string | null {
  let validate = compiled.get(payload);
  if (!validate) {
    validate = ajv.getSchema(`${schema.$id}#/$defs/${payload}`)!;
    compiled.set(payload, validate);
  }
  return validate(value) ? null : ajv.errorsText(validate.errors);
}
