// Preloaded (NODE_OPTIONS --require) into Stryker and its test-runner processes.
// @stryker-mutator/mocha-runner 10.0.0 requires mocha's CLI helpers by extension-less path
// (`mocha/lib/cli/run-helpers`, `collect-files`, `options`); mocha 12.0.3 ships them as `.cjs`
// files, so those requires fail and the runner plugin does not load. This maps exactly those three
// paths to their `.cjs` files and touches nothing else. Remove it once the runner resolves them.
"use strict";
const Module = require("node:module");

const helper = /[\\/]mocha[\\/]lib[\\/]cli[\\/](run-helpers|collect-files|options)$/;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, helper.test(request) ? `${request}.cjs` : request, ...rest);
};
