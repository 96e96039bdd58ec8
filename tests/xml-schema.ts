import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const DIR = path.join(import.meta.dirname, 'fixtures/qti-2.1');
const preload = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.xsd'))
  .map((fileName) => ({ fileName, contents: fs.readFileSync(path.join(DIR, fileName), 'utf8') }));

/** Validates XML with libxml2 (compiled to WebAssembly) against one of tests/fixtures/qti-2.1; the errors, or []. */
export async function xsdErrors(xml: string, schema: 'imsqti_item.xsd' | 'imscp.xsd'): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: preload.find((p) => p.fileName === schema)!,
    preload: preload.filter((p) => p.fileName !== schema),
  });
  return result.errors.map((e) => e.rawMessage);
}
