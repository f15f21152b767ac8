import type { CommonOptions } from '../api.js';
import type { CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';

/** The options every command that reads roles shares, from argv to the library's shape. */
export function commonOptions(options: ValidateCliOptions, io: CliIO): CommonOptions {
  return {
    cwd: io.cwd,
    ...(options.templates ? { templatesDir: options.templates } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.config ? { configFile: options.config } : {}),
  };
}
