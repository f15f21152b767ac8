/** The options of the commands as commander parses them from argv (the command modules turn them into the library's options). */

export interface BuildCliOptions {
  outDir?: string;
  format?: string;
  jobs?: string;
  force?: boolean;
  check?: boolean;
  deep?: boolean;
  prune?: boolean;
  failFast?: boolean;
  signFields?: boolean;
  /** false with --no-tagged. */
  tagged?: boolean;
  reporter?: string;
  shard?: string;
  /** false with --no-lint. */
  lint?: boolean;
  templates?: string;
  locale?: string;
  config?: string;
}

export interface InitCliOptions {
  org?: string;
  city?: string;
  approverPosition?: string;
  approverName?: string;
  locale?: string;
  yes?: boolean;
  force?: boolean;
}

export interface WatchCliOptions extends ValidateCliOptions {
  outDir?: string;
  format?: string;
  serve?: boolean;
  port?: string;
  open?: boolean;
}

export type ValidateCliOptions = Pick<BuildCliOptions, 'templates' | 'locale' | 'config'>;
