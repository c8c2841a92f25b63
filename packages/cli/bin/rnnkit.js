#!/usr/bin/env node
// Committed shim: npm links package bins at install time, before dist/ is built, so the bin
// must be a file that exists in a fresh clone.
import '../dist/bin.js';
