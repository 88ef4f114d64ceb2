#!/usr/bin/env node
// The committed ncc bundle of src/, so `ccm` runs right after install with no build step.
import '../dist/index.js';
