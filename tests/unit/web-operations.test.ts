import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { LIMITS, PARSE_OPTIONS } from '../../src/http/limits.js';
import { OPERATIONS } from '../../web/src/operations.js';

const schema = buildSchema(fs.readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8'));

describe("the web app's operations", () => {
  it.each(Object.entries(OPERATIONS))(
    '%s is one valid operation of that name, within the limits of the public API',
    (name, op) => {
      // Within the API's own limits: its token budget (parse throws beyond it) and its alias limit.
      const document = parse(op.document, PARSE_OPTIONS);
      let aliases = 0;
      visit(document, { Field: (field) => void (field.alias && aliases++) });
      expect(aliases).toBeLessThanOrEqual(LIMITS.aliases);
      expect(validate(schema, document).map((e) => e.message)).toEqual([]);
      const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
      expect(operations.map((o) => o.name?.value)).toEqual([name]);
    },
  );
});
