export { hasOwnKey, nameRecord, ownValue } from './own-keys.js';
export { isReservedName, RESERVED_NAMES } from './reserved-names.js';
