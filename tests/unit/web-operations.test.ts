import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { OPERATIONS } from '../../web/src/operations.js';

const schema = buildSchema(fs.readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8'));

describe("the web app's operations", () => {
  it.each(Object.entries(OPERATIONS))(
    '%s is one valid operation of that name against the public schema',
    (name, op) => {
      const document = parse(op.document);
      expect(validate(schema, document).map((e) => e.message)).toEqual([]);
      const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
      expect(operations.map((o) => o.name?.value)).toEqual([name]);
    },
  );
});
