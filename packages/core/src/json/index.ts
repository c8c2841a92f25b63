export { jsonDepth, jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.js';
