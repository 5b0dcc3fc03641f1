/**
 * The program's exit codes. Cobra-based Go connectors exit 1 for everything; ours also tell a person
 * "fix the command line or the environment" (2) apart from "the run failed" (1), so that scripts and
 * Kubernetes restart policies can react differently. Documented in docs/running.md.
 */
export const ExitCode = {
  /** The command did what was asked (a grant that was already held counts as success). */
  ok: 0,
  /** The run failed: the API refused or failed, a file could not be read, an id was not found. */
  failure: 1,
  /** Bad configuration or usage: nothing was attempted. Fix the flags or BATON_* variables. */
  usage: 2,
  /** Stopped by SIGINT or SIGTERM; a sync resumes from its last checkpoint on the next run. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
