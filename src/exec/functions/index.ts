// The scalar function library: importing this module registers every function
// (each module registers its own on load). The rest of the engine imports
// functions only through here.

import './strings.js';
import './regexp.js';
import './time.js';
import './datetime-format.js';
import './json.js';
import './math.js';
import './conditional.js';

export { functionNames, lookupFunction, type ScalarFunction } from './registry.js';
