// Preloaded into a jdgen process by tests (node --import) to make each rename
// take JDGEN_TEST_RENAME_DELAY_MS: a kill then lands between two renames of
// one role often enough to test what a killed build leaves behind. Only the
// test's child process is slowed; jdgen itself has no such switch.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const delay = Number(process.env.JDGEN_TEST_RENAME_DELAY_MS ?? 0);
const rename = fs.promises.rename;
fs.promises.rename = async (from, to) => {
  await sleep(delay);
  return rename(from, to);
};
syncBuiltinESMExports();
