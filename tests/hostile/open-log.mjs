// Preloaded into the CLI by the hostile tests (`node --import this-file`, inherited by the worker
// threads): logs the real path of every file or folder cuport opens or lists, one per line, to the
// file named by CUPORT_OPEN_LOG, so a test can assert that nothing outside the scanned tree was read.
// The real path (after the open succeeded) is what counts: a link inside the tree that was followed to
// a file outside shows up as the outside file.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.CUPORT_OPEN_LOG;
if (log) {
  const { appendFileSync, realpathSync } = fs;
  let busy = false; // appendFileSync opens the log through fs.openSync itself
  const record = (path) => {
    if (busy || typeof path === 'number' || path instanceof URL) return;
    busy = true;
    try {
      appendFileSync(log, realpathSync(path) + '\n');
    } catch {
      // gone since: nothing was read through this name
    } finally {
      busy = false;
    }
  };
  const SYNC = ['openSync', 'readFileSync', 'readdirSync', 'opendirSync'];
  for (const name of SYNC) {
    const original = fs[name];
    fs[name] = function (path, ...rest) {
      const result = original.call(this, path, ...rest);
      record(path);
      return result;
    };
  }
  const CALLBACK = ['open', 'readFile', 'readdir', 'opendir'];
  for (const name of CALLBACK) {
    const original = fs[name];
    fs[name] = function (path, ...rest) {
      const callback = rest.pop();
      return original.call(this, path, ...rest, (error, ...values) => {
        if (!error) record(path);
        callback(error, ...values);
      });
    };
  }
  for (const name of ['open', 'readFile', 'readdir', 'opendir']) {
    const original = fs.promises[name];
    fs.promises[name] = async function (path, ...rest) {
      const result = await original.call(this, path, ...rest);
      record(path);
      return result;
    };
  }
  syncBuiltinESMExports();
}
