/** Exit codes, documented in docs/commands.md ("Exit codes"). */
export const EXIT = {
  ok: 0,
  /** The score is below --fail-under. */
  belowThreshold: 1,
  /** kil rubric check: a validity property fails (the same code: "the check did not pass"). */
  propertyFails: 1,
  /** kil compare --fail-on-drop: the overall score fell (the same code: "the check did not pass"). */
  scoreFell: 1,
  /** Usage error or a problem in an input file. */
  input: 2,
  /** --fail-under was given but the result is provisional (too little answered to judge); --fail-on-drop: the score fell to a provisional result. */
  provisional: 3,
  /** A bug in kil (EX_SOFTWARE). */
  internal: 70,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;
